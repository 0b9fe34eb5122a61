#!/usr/bin/env python3
"""A stand-in for a service: listens on 0.0.0.0:PORT and answers every connection with HTTP 200.

The failover benchmark runs one per host so that both tools' health checks (a TCP connect to
127.0.0.1:PORT) test a real listener, and "dead service" is a SIGKILL of this process.
"""
import socket
import sys


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("0.0.0.0", port))
    listener.listen(64)
    while True:
        connection, _ = listener.accept()
        try:
            connection.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")
        except OSError:
            pass
        connection.close()


if __name__ == "__main__":
    main()
