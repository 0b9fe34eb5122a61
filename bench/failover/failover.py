#!/usr/bin/env python3
"""Failover benchmark: netkeel keeper side by side with keepalived, in network namespaces.

Run through bench/failover.sh (which also removes the namespaces if this process is killed).
docs/performance.md, "Failover: netkeel keeper vs keepalived", explains the topology, the faults and
every number this prints.
"""
import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SUBNET_PREFIX = "10.231.0."
PREFIX_LENGTH = 24
VIP = SUBNET_PREFIX + "200"
PROBE_IP = SUBNET_PREFIX + "250"    # the recorder's ARP probes claim this unused address
CLIENT_IP = SUBNET_PREFIX + "100"
SERVICE_PORT = 5000
HOST_COUNT = 3
FAULTS = ("service", "host", "partition")
FAULT_TITLES = {"service": "dead service", "host": "dead host", "partition": "partial partition"}
DUAL_WINDOW = 0.010          # two hosts answering for the VIP this close together = dual holders
REPLY_GAP_OK = 0.1           # the client's replies count as flowing when no gap exceeds this
TAKEOVER_TIMEOUT = 20.0      # a fault with no new holder by then is reported as "no takeover"
AFTER_TAKEOVER = 1.0         # watched after the new holder answers, to catch the old one answering too
SETTLE = 2.0                 # quiet time required between trials (one holder, replies flowing)
SETTLE_TIMEOUT = 90.0


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(*command, check=True, capture=False):
    result = subprocess.run(command, stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)}: exit {result.returncode}: {result.stderr.strip()}")
    return result.stdout if capture else result.returncode


def host_ip(index):
    return f"{SUBNET_PREFIX}{10 + index}"


def host_mac(index):
    return f"52:54:00:fa:00:{10 + index:02x}"


class Topology:
    """A bridge namespace joining HOST_COUNT host namespaces and one client namespace by veth pairs,
    all on one /24, like a small site on one switch. Nothing is created in the root namespace: every
    veth is created inside the bridge namespace with its peer moved straight into its host."""

    def __init__(self, prefix):
        self.prefix = prefix
        self.bridge = f"{prefix}-sw"
        self.client = f"{prefix}-cl"
        self.hosts = [f"{prefix}-h{i}" for i in range(1, HOST_COUNT + 1)]

    def namespaces(self):
        return [self.bridge, self.client] + self.hosts

    def port(self, index):
        return f"p-h{index}"

    def build(self):
        for ns in self.namespaces():
            run("ip", "netns", "add", ns)
            run("ip", "-n", ns, "link", "set", "lo", "up")
        run("ip", "-n", self.bridge, "link", "add", "br0", "type", "bridge",
            "forward_delay", "0", "stp_state", "0", "mcast_snooping", "0")
        run("ip", "-n", self.bridge, "link", "set", "br0", "up")
        for index, ns in enumerate(self.hosts, start=1):
            self._plug(self.port(index), ns, "eno1", host_mac(index))
            self.configure_host(index)
        self._plug("p-cl", self.client, "eth0", "52:54:00:fa:00:64")
        run("ip", "-n", self.client, "addr", "add", f"{CLIENT_IP}/{PREFIX_LENGTH}", "dev", "eth0")
        run("ip", "-n", self.client, "link", "set", "eth0", "up")

    def _plug(self, port, ns, ifname, mac):
        run("ip", "-n", self.bridge, "link", "add", port, "type", "veth", "peer", "name", ifname,
            "netns", ns, "address", mac)
        run("ip", "-n", self.bridge, "link", "set", port, "master", "br0", "up")

    def configure_host(self, index):
        """Brings host `index` to its freshly booted state: its own address on eno1 and nothing else
        (no VIP, no VIP device, no nftables), as after a reboot."""
        ns = self.hosts[index - 1]
        links = json.loads(run("ip", "-n", ns, "-j", "link", "show", capture=True))
        for link in links:
            if link["ifname"] not in ("lo", "eno1"):
                run("ip", "-n", ns, "link", "del", link["ifname"], check=False)
        run("ip", "netns", "exec", ns, "nft", "flush", "ruleset")
        run("ip", "-n", ns, "addr", "flush", "dev", "eno1")
        run("ip", "-n", ns, "addr", "add", f"{host_ip(index)}/{PREFIX_LENGTH}", "dev", "eno1")
        run("ip", "-n", ns, "link", "set", "eno1", "up")

    def kill_everything_in(self, ns):
        for pid in run("ip", "netns", "pids", ns, capture=True, check=False).split():
            try:
                os.kill(int(pid), signal.SIGKILL)
            except ProcessLookupError:
                pass

    def partition_holder(self, holder):
        """The holder stops hearing its peers (and they it) while every host still reaches the client:
        frames between the holder's bridge port and the other hosts' ports are dropped in the bridge."""
        others = ", ".join(f'"{self.port(i)}"' for i in range(1, HOST_COUNT + 1) if i != holder)
        mine = f'"{self.port(holder)}"'
        rules = (f"table bridge nkfo {{\n  chain forward {{\n    type filter hook forward priority 0; policy accept;\n"
                 f"    iifname {mine} oifname {{ {others} }} drop\n"
                 f"    iifname {{ {others} }} oifname {mine} drop\n  }}\n}}\n")
        result = subprocess.run(["ip", "netns", "exec", self.bridge, "nft", "-f", "-"], input=rules, text=True,
                                capture_output=True)
        if result.returncode != 0:
            raise RuntimeError(f"nft in {self.bridge}: {result.stderr.strip()}")

    def heal(self):
        run("ip", "netns", "exec", self.bridge, "nft", "delete", "table", "bridge", "nkfo")

    def destroy(self):
        for ns in self.namespaces():
            self.kill_everything_in(ns)
        for ns in self.namespaces():
            run("ip", "netns", "del", ns, check=False)


class Events:
    """Reads the recorder's output as it grows (see recorder.py for the line format)."""

    def __init__(self, path):
        self.path = path
        self.offset = 0
        self.partial = ""
        self.replies = []       # (client receive time, host that answered or None)
        self.answered_by = {}   # echo seq -> host whose port the echo reply left by (latest)
        self.answers = []       # (time, host) of ARP replies and ICMP replies from the VIP
        self.garps = []         # (time, host)

    def update(self):
        with open(self.path) as f:
            f.seek(self.offset)
            chunk = f.read()
            self.offset = f.tell()
        lines = (self.partial + chunk).split("\n")
        self.partial = lines.pop()
        for line in lines:
            fields = line.split()
            if len(fields) < 3:
                continue
            t = float(fields[1])
            if fields[0] == "R":
                self.replies.append((t, self.answered_by.get(fields[2])))
            elif fields[0] in ("A", "I"):
                self.answers.append((t, fields[2]))
                if fields[0] == "I" and len(fields) > 4:
                    self.answered_by[fields[4]] = fields[2]
            elif fields[0] == "G":
                self.garps.append((t, fields[2]))

    def hosts_answering(self, since, until=None):
        until = until if until is not None else float("inf")
        return {host for t, host in self.answers if since <= t <= until}

    def replies_flowing(self, window, now):
        """True when the client got replies over all of the last `window` seconds, none missing for
        longer than REPLY_GAP_OK."""
        recent = [t for t, _ in self.replies if t >= now - window - REPLY_GAP_OK]
        if not recent or recent[0] > now - window or now - recent[-1] > REPLY_GAP_OK:
            return False
        return all(b - a <= REPLY_GAP_OK for a, b in zip(recent, recent[1:]))

    def longest_gap(self, start, end, dead_host=None):
        """The longest time between two good replies the client received, counted from the last reply
        before `start` up to `end`; with nothing after `start`, the gap runs to `end`. A reply is good
        unless it came after `start` from `dead_host`, the host whose service was killed: the VIP still
        answers pings there, but the service behind it is gone, so for its clients that is outage."""
        before = [t for t, _ in self.replies if t <= start]
        after = [t for t, host in self.replies if start < t <= end and (dead_host is None or host != dead_host)]
        times = ([before[-1]] if before else [start]) + after
        if len(times) == 1:
            return end - times[0], False
        return max(b - a for a, b in zip(times, times[1:])), True

    def dual_holders(self, start, end):
        """Moments in [start, end] when two different hosts answered for the VIP within DUAL_WINDOW
        of each other; returns (first, last) of those moments or None."""
        last_by_host = {}
        first = last = None
        for t, host in self.answers:
            if t < start - DUAL_WINDOW:
                continue
            if t > end:
                break
            for other, other_t in last_by_host.items():
                if other != host and t - other_t <= DUAL_WINDOW and t >= start:
                    first = first if first is not None else t
                    last = t
            last_by_host[host] = t
        return (first, last) if first is not None else None


class Keepalived:
    """Debian's keepalived, VRRPv3, one VIP, one vrrp_instance per host with falling priorities, and a
    vrrp_script checking the stand-in with a TCP connect as often as keepalived allows."""

    def __init__(self, advert_int, topology, workdir):
        self.advert_int = advert_int
        self.name = f"keepalived advert_int {advert_int:g}"
        self.topology = topology
        self.workdir = workdir

    def config(self, index):
        check = os.path.join(self.workdir, "check.sh")
        # Written once: every host's keepalived runs the same script, and rewriting it while one of them
        # executes it fails with ETXTBSY (a restarted host would stop the run).
        if not os.path.exists(check):
            with open(check + ".new", "w") as f:
                f.write(f"#!/bin/bash\n# the stand-in accepts a connection\nexec 3<>/dev/tcp/127.0.0.1/{SERVICE_PORT}\n")
            os.chmod(check + ".new", 0o755)
            os.replace(check + ".new", check)
        # interval 1, fall 1, rise 1: keepalived 2.2.7 takes a vrrp_script interval only in whole
        # seconds, at least 1, so this is as tight as it allows. nopreempt keeps the VIP where it is
        # when a failed host comes back, so each trial is one move.
        return f"""global_defs {{
  router_id h{index}
  vrrp_version 3
  script_user root
  enable_script_security
}}
vrrp_script check_service {{
  script "{check}"
  interval 1
  timeout 1
  fall 1
  rise 1
}}
vrrp_instance VI_1 {{
  state BACKUP
  nopreempt
  interface eno1
  virtual_router_id 51
  priority {200 - 50 * index}
  advert_int {self.advert_int:g}
  virtual_ipaddress {{
    {VIP}/{PREFIX_LENGTH} dev eno1
  }}
  track_script {{
    check_service
  }}
}}
"""

    def start_cluster(self, bench):
        for index in range(1, HOST_COUNT + 1):
            self.start_host(bench, index)

    def start_host(self, bench, index):
        directory = os.path.join(self.workdir, f"h{index}")
        os.makedirs(directory, exist_ok=True)
        conf = os.path.join(directory, "keepalived.conf")
        with open(conf, "w") as f:
            f.write(self.config(index))
        run("ip", "netns", "exec", self.topology.hosts[index - 1], "keepalived", "-t", "-f", conf)
        bench.spawn(index, "keepalived", ["keepalived", "-n", "-l", "-D", "--vrrp", "-f", conf,
                                          "-p", os.path.join(directory, "keepalived.pid"),
                                          "-r", os.path.join(directory, "vrrp.pid"),
                                          "-c", os.path.join(directory, "checkers.pid")])

    def ready(self, bench):
        return True

    def notes_before_fault(self, holder):
        return {}


class NetkeelKeeper:
    """`netkeel keeper` on every host, coordinated through a 3-member etcd (one member per host,
    heartbeat 30 ms, election 300 ms), with a generated site file describing exactly these hosts."""

    def __init__(self, netkeel, topology, workdir):
        self.netkeel = netkeel
        self.name = "netkeel keeper"
        self.topology = topology
        self.workdir = workdir
        self.site = os.path.join(workdir, "site.yaml")
        self.endpoints = ",".join(f"http://{host_ip(i)}:2379" for i in range(1, HOST_COUNT + 1))

    def write_site(self):
        hosts = "".join(
            f"  - name: node{i}\n    id: {10 + i}\n    rack: r1\n    nics:\n"
            f"      - {{name: eno1, mac: \"{host_mac(i)}\", switch: sw1, port: \"{i}\", mode: access, networks: [api]}}\n"
            for i in range(1, HOST_COUNT + 1))
        with open(self.site, "w") as f:
            f.write(f"""# generated by bench/failover: the benchmark's three hosts on one switch, one service with a VIP
site: failover-bench
fabric: {{layer: 2, mtu: 1500}}
switches:
  - {{name: sw1, rack: r1, lacp: false, port_speed: 1G}}
networks:
  api: {{cidr: {SUBNET_PREFIX}0/{PREFIX_LENGTH}, vips: {VIP}-{SUBNET_PREFIX}210}}
hosts:
{hosts}services:
  - {{name: svc, network: api, vip: {VIP}, port: {SERVICE_PORT}, check: {{tcp: {SERVICE_PORT}}}}}
coordination:
  etcd: {{members: [{", ".join(f"node{i}" for i in range(1, HOST_COUNT + 1))}], network: api}}
""")
        run(self.netkeel, "validate", self.site)

    def start_cluster(self, bench):
        self.write_site()
        for index in range(1, HOST_COUNT + 1):
            self.start_etcd(bench, index)
        deadline = time.monotonic() + 60
        while not self.etcd_healthy():
            if time.monotonic() > deadline:
                raise RuntimeError(f"etcd did not become healthy; see {self.workdir}/h*/etcd.log")
            time.sleep(0.2)
        for index in range(1, HOST_COUNT + 1):
            self.start_keeper(bench, index)

    def start_host(self, bench, index):
        self.start_etcd(bench, index)
        self.start_keeper(bench, index)

    def start_etcd(self, bench, index):
        directory = os.path.join(self.workdir, f"h{index}")
        os.makedirs(directory, exist_ok=True)
        me = host_ip(index)
        cluster = ",".join(f"node{i}=http://{host_ip(i)}:2380" for i in range(1, HOST_COUNT + 1))
        bench.spawn(index, "etcd", [
            "etcd", "--name", f"node{index}", "--data-dir", os.path.join(directory, "etcd-data"),
            "--listen-client-urls", f"http://{me}:2379,http://127.0.0.1:2379",
            "--advertise-client-urls", f"http://{me}:2379",
            "--listen-peer-urls", f"http://{me}:2380", "--initial-advertise-peer-urls", f"http://{me}:2380",
            "--initial-cluster", cluster, "--initial-cluster-state", "new",
            "--heartbeat-interval", "30", "--election-timeout", "300"])

    def start_keeper(self, bench, index):
        bench.spawn(index, "keeper", [self.netkeel, "keeper", "--site", self.site, "--host", f"node{index}",
                                      "--etcd", self.endpoints])

    def etcd_healthy(self):
        result = subprocess.run(["ip", "netns", "exec", self.topology.client, "etcdctl", "--endpoints",
                                 self.endpoints, "--command-timeout=1s", "endpoint", "health"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env=dict(os.environ, ETCDCTL_API="3"))
        return result.returncode == 0

    def ready(self, bench):
        return self.etcd_healthy()

    def notes_before_fault(self, holder):
        """Whether the holder's etcd member leads the cluster: a dead host that was also the etcd
        leader stalls every keeper until etcd has elected a new one."""
        result = subprocess.run(["ip", "netns", "exec", self.topology.client, "etcdctl", "--endpoints",
                                 self.endpoints, "--command-timeout=1s", "endpoint", "status", "-w", "json"],
                                capture_output=True, text=True, env=dict(os.environ, ETCDCTL_API="3"))
        try:
            for member in json.loads(result.stdout):
                status = member["Status"]
                if status["leader"] == status["header"]["member_id"]:
                    return {"holder_was_etcd_leader": member["Endpoint"] == f"http://{host_ip(holder)}:2379"}
        except (ValueError, KeyError, TypeError):
            pass
        return {"holder_was_etcd_leader": None}


class Bench:
    def __init__(self, args, topology, tool, workdir):
        self.args = args
        self.topology = topology
        self.tool = tool
        self.workdir = workdir
        self.processes = {}      # (host index, role) -> Popen
        self.recorder = None
        self.events = None

    def spawn(self, index, role, command):
        ns = self.topology.hosts[index - 1]
        log_path = os.path.join(self.workdir, f"h{index}", f"{role}.log")
        os.makedirs(os.path.dirname(log_path), exist_ok=True)
        with open(log_path, "a") as log_file:
            self.processes[(index, role)] = subprocess.Popen(
                ["ip", "netns", "exec", ns] + command, stdout=log_file, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True)

    def start_service(self, index):
        self.spawn(index, "stand-in", [sys.executable, os.path.join(HERE, "stand_in.py"), str(SERVICE_PORT)])

    def reap(self):
        for key, process in list(self.processes.items()):
            if process.poll() is not None:
                del self.processes[key]

    def start(self):
        for index in range(1, HOST_COUNT + 1):
            self.start_service(index)
        out = os.path.join(self.workdir, "events.txt")
        open(out, "w").close()
        ports = [f"--port={self.topology.port(i)}=h{i}" for i in range(1, HOST_COUNT + 1)]
        self.recorder = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "recorder.py"), "--bridge-ns", self.topology.bridge,
             "--client-ns", self.topology.client, "--vip", VIP, "--probe-ip", PROBE_IP, "--out", out] + ports,
            stderr=open(os.path.join(self.workdir, "recorder.log"), "w"), start_new_session=True)
        self.events = Events(out)
        self.tool.start_cluster(self)

    def stop(self):
        if self.recorder:
            self.recorder.kill()
            self.recorder.wait()
        for process in self.processes.values():
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()
        self.processes.clear()

    def holder(self):
        """The one host that answered for the VIP over the last half second, or None."""
        self.events.update()
        now = time.monotonic()
        hosts = self.events.hosts_answering(now - 0.5)
        return int(next(iter(hosts))[1:]) if len(hosts) == 1 else None

    def wait_stable(self):
        """Waits until one host holds the VIP, the client's replies flow, and the tool says it is ready,
        all for SETTLE seconds in a row."""
        deadline = time.monotonic() + SETTLE_TIMEOUT
        stable_since = None
        while True:
            now = time.monotonic()
            self.events.update()
            good = (len(self.events.hosts_answering(now - SETTLE)) == 1
                    and self.events.replies_flowing(SETTLE, now) and self.tool.ready(self))
            if good:
                return self.holder()
            if now > deadline:
                raise RuntimeError(f"{self.tool.name}: no single stable VIP holder within {SETTLE_TIMEOUT:.0f} s "
                                   f"(answering: {sorted(self.events.hosts_answering(now - SETTLE))}); "
                                   f"see {self.workdir}")
            time.sleep(0.1)

    def inject(self, fault, holder):
        ns = self.topology.hosts[holder - 1]
        if fault == "service":
            os.kill(self.processes.pop((holder, "stand-in")).pid, signal.SIGKILL)
        elif fault == "host":
            # the host dies: its link goes down (nothing it still has can answer) and every process in it
            # is killed without a chance to clean up
            run("ip", "-n", ns, "link", "set", "eno1", "down")
            self.topology.kill_everything_in(ns)
        elif fault == "partition":
            self.topology.partition_holder(holder)

    def recover(self, fault, holder):
        if fault == "service":
            self.start_service(holder)
        elif fault == "host":
            self.reap()
            for key in [k for k in self.processes if k[0] == holder]:
                self.processes.pop(key).wait()
            self.topology.configure_host(holder)
            self.start_service(holder)
            self.tool.start_host(self, holder)
        elif fault == "partition":
            self.topology.heal()

    def trial(self, fault):
        holder = self.wait_stable()
        notes = self.tool.notes_before_fault(holder)
        t0 = time.monotonic()
        self.inject(fault, holder)
        taken_at = None
        while True:
            now = time.monotonic()
            self.events.update()
            if taken_at is None:
                new = {h for t, h in self.events.answers if t >= t0 and h != f"h{holder}"}
                if new and self.events.replies_flowing(AFTER_TAKEOVER, now):
                    taken_at = now
            elif now - taken_at >= AFTER_TAKEOVER:
                break
            if taken_at is None and now - t0 > TAKEOVER_TIMEOUT:
                break
            time.sleep(0.05)
        end = time.monotonic()
        self.events.update()
        outage, recovered = self.events.longest_gap(t0, end, f"h{holder}" if fault == "service" else None)
        new_holders = sorted(self.events.hosts_answering(t0 + 0.0, end) - {f"h{holder}"})
        self.recover(fault, holder)
        self.wait_stable()
        dual = self.events.dual_holders(t0, time.monotonic())
        return {**notes, "fault": fault, "holder": f"h{holder}", "new_holders": new_holders,
                "took_over": taken_at is not None, "outage_s": round(outage, 4), "replies_resumed": recovered,
                "dual": dual is not None,
                "dual_span_s": round(dual[1] - dual[0], 4) if dual else 0.0}


def summarize(results, tool_names, faults):
    lines = ["| fault | tool | trials | outage min (s) | median (s) | max (s) | no takeover | dual holders |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for fault in faults:
        for name in tool_names:
            rows = [r for r in results if r["tool"] == name and r["fault"] == fault]
            if not rows:
                continue
            outages = [r["outage_s"] for r in rows if r["took_over"]]
            failed = sum(1 for r in rows if not r["took_over"])
            duals = sum(1 for r in rows if r["dual"])
            stats = (f"{min(outages):.3f} | {statistics.median(outages):.3f} | {max(outages):.3f}"
                     if outages else "- | - | -")
            lines.append(f"| {FAULT_TITLES[fault]} | {name} | {len(rows)} | {stats} | {failed} | {duals} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description="netkeel keeper vs keepalived failover benchmark")
    parser.add_argument("--prefix", default=f"nkt-fo-{os.getpid()}", help="namespace name prefix (nkt-fo-...)")
    parser.add_argument("--tools", default="keepalived-1,keepalived-0.1,netkeel",
                        help="comma-separated: keepalived-1, keepalived-0.1, netkeel")
    parser.add_argument("--faults", default=",".join(FAULTS), help="comma-separated: service, host, partition")
    parser.add_argument("--trials", type=int, default=20, help="trials of dead service and dead host")
    parser.add_argument("--partition-trials", type=int, default=100, help="trials of partial partition")
    parser.add_argument("--netkeel", default=os.path.join(HERE, "..", "..", "build", "netkeel"))
    parser.add_argument("--json", help="also write every trial as JSON to this file")
    parser.add_argument("--keep-workdir", action="store_true", help="keep logs and configs for inspection")
    args = parser.parse_args()

    if not args.prefix.startswith("nkt-fo-"):
        sys.exit("failover: --prefix must start with nkt-fo- (the benchmark's namespaces are nkt-fo-*)")
    faults = [f for f in args.faults.split(",") if f]
    for fault in faults:
        if fault not in FAULTS:
            sys.exit(f"failover: --faults: unknown fault {fault!r}; use {', '.join(FAULTS)}")
    tools = [t for t in args.tools.split(",") if t]
    for tool in tools:
        if tool not in ("keepalived-1", "keepalived-0.1", "netkeel"):
            sys.exit(f"failover: --tools: unknown tool {tool!r}; use keepalived-1, keepalived-0.1, netkeel")
    if "netkeel" in tools and not os.access(args.netkeel, os.X_OK):
        sys.exit(f"failover: {args.netkeel} is not an executable netkeel; build it or pass --netkeel PATH")
    for program in ("keepalived", "etcd", "etcdctl", "nft", "ip"):
        needed = program != "keepalived" or any(t.startswith("keepalived") for t in tools)
        if needed and shutil.which(program) is None:
            sys.exit(f"failover: {program} not found; install it (scripts/install-deps.sh)")

    interrupted = []

    def on_signal(signum, _frame):
        interrupted.append(signum)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    root = tempfile.mkdtemp(prefix="nkt-fo-")
    results = []
    names = []
    started = time.monotonic()
    try:
        for tool_id in tools:
            workdir = os.path.join(root, tool_id)
            os.makedirs(workdir)
            topology = Topology(args.prefix)
            if tool_id == "netkeel":
                tool = NetkeelKeeper(os.path.abspath(args.netkeel), topology, workdir)
            else:
                tool = Keepalived(float(tool_id.split("-")[1]), topology, workdir)
            names.append(tool.name)
            bench = Bench(args, topology, tool, workdir)
            try:
                topology.build()
                bench.start()
                for fault in faults:
                    count = args.partition_trials if fault == "partition" else args.trials
                    for number in range(1, count + 1):
                        result = bench.trial(fault)
                        result.update(tool=tool.name, trial=number)
                        results.append(result)
                        log(f"{tool.name} {fault} {number}/{count}: {result['holder']} -> "
                            f"{','.join(result['new_holders']) or 'nobody'} outage {result['outage_s']:.3f} s"
                            f"{' DUAL' if result['dual'] else ''}{'' if result['took_over'] else ' NO TAKEOVER'}"
                            f"{' (holder led etcd)' if result.get('holder_was_etcd_leader') else ''}")
            finally:
                bench.stop()
                topology.destroy()
    except KeyboardInterrupt:
        log("interrupted; namespaces removed")
    except RuntimeError as error:
        log(f"failed: {error}")
        interrupted.append("error")
    finally:
        if args.json:
            with open(args.json, "w") as f:
                json.dump(results, f, indent=1)
        if args.keep_workdir or interrupted:
            log(f"logs and configs kept in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    elapsed = time.monotonic() - started
    print(summarize(results, names, faults))
    print(f"\n{len(results)} trials in {elapsed / 60:.1f} min")
    return 1 if interrupted else 0


if __name__ == "__main__":
    sys.exit(main())
