#pragma once
// A throwaway PKI for TLS tests, made with the `openssl` CLI (scripts/install-deps.sh installs it) in a
// directory the caller owns: a CA, a server certificate for 127.0.0.1/localhost signed by it, a client
// certificate signed by it, and a stranger: a client certificate signed by another CA. EC P-256 keys,
// valid for two days. Header-only: tests/http, tests/server and tests/cli share it.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace netkeel::test_pki {

class ThrowawayPki {
 public:
  explicit ThrowawayPki(const std::filesystem::path& dir) : dir_(dir) {
    std::filesystem::create_directories(dir_);
    make_ca("ca", "netkeel test CA");
    make_ca("other-ca", "some other CA");
    make_leaf("server", "ca", "netkeel test server",
              "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth");
    make_leaf("client", "ca", "node1", "extendedKeyUsage=clientAuth");
    make_leaf("stranger", "other-ca", "stranger", "extendedKeyUsage=clientAuth");
  }

  std::string file(const std::string& name) const { return (dir_ / name).string(); }
  std::string ca_cert() const { return file("ca.pem"); }
  std::string server_cert() const { return file("server.pem"); }
  std::string server_key() const { return file("server.key"); }
  std::string client_cert() const { return file("client.pem"); }
  std::string client_key() const { return file("client.key"); }
  std::string stranger_cert() const { return file("stranger.pem"); }
  std::string stranger_key() const { return file("stranger.key"); }

  // A certificate for the server key, signed by the CA, valid only from `start` to `end`
  // (YYYYMMDDHHMMSSZ): an expired one, or one not valid yet. `openssl ca`, since `openssl x509` of
  // OpenSSL 3.0 cannot set the start date.
  std::string server_cert_valid(const std::string& name, const std::string& start, const std::string& end) const {
    if (!std::filesystem::exists(dir_ / "ca.cnf")) {
      std::ofstream(dir_ / "ca.cnf") << "[ca]\ndefault_ca = throwaway\n[throwaway]\ndatabase = index.txt\n"
                                        "new_certs_dir = .\ndefault_md = sha256\npolicy = any\nserial = ca.serial\n"
                                        "unique_subject = no\n[any]\ncommonName = supplied\n";
      std::ofstream(dir_ / "index.txt");
      std::ofstream(dir_ / "ca.serial") << "1000\n";
    }
    run("openssl ca -batch -notext -config ca.cnf -cert ca.pem -keyfile ca.key -in server.csr -out " + name +
        ".pem -startdate " + start + " -enddate " + end);
    return file(name + ".pem");
  }

  // The server key, encrypted with a passphrase (a daemon must refuse it, not prompt for it).
  std::string encrypted_server_key() const {
    run("openssl pkey -in server.key -aes256 -passout pass:secret -out server-encrypted.key");
    return file("server-encrypted.key");
  }

 private:
  static constexpr const char* kNewKey = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";

  void run(const std::string& command) const {
    const std::string log = (dir_ / "openssl.log").string();
    const std::string line = "cd '" + dir_.string() + "' && " + command + " >>'" + log + "' 2>&1";
    const int status = std::system(line.c_str());
    if (status != 0) {
      std::ifstream in(log);
      std::ostringstream text;
      text << in.rdbuf();
      throw std::runtime_error("throwaway PKI: `" + command + "` failed (is the openssl CLI installed? "
                               "scripts/install-deps.sh installs it):\n" + text.str());
    }
  }

  void make_ca(const std::string& name, const std::string& common_name) const {
    run("openssl req -x509 " + std::string(kNewKey) + " -keyout " + name + ".key -out " + name +
        ".pem -days 2 -subj '/CN=" + common_name + "'");
  }

  void make_leaf(const std::string& name, const std::string& ca, const std::string& common_name,
                 const std::string& extensions) const {
    run("openssl req -new " + std::string(kNewKey) + " -keyout " + name + ".key -out " + name + ".csr -subj '/CN=" +
        common_name + "'");
    std::ofstream(dir_ / (name + ".ext")) << extensions << '\n';
    run("openssl x509 -req -in " + name + ".csr -CA " + ca + ".pem -CAkey " + ca + ".key -CAcreateserial -days 2 " +
        "-extfile " + name + ".ext -out " + name + ".pem");
  }

  std::filesystem::path dir_;
};

}  // namespace netkeel::test_pki
