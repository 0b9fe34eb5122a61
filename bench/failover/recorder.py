#!/usr/bin/env python3
"""The failover benchmark's eyes: pings a VIP from the client and watches who answers for it.

Runs as one process that opens sockets in two network namespaces (setns), then writes one line per
event to --out, timestamps from CLOCK_MONOTONIC (the same clock the orchestrator stamps faults with):

  S <t> <seq>                 the client sent ICMP echo <seq> to the VIP (every --interval)
  R <t> <seq>                 the client received the echo reply <seq>
  A <t> <host> <mac>          an ARP reply with sender IP = VIP left <host> (seen on its bridge port)
  I <t> <host> <mac> <seq>    the ICMP echo reply <seq> from the VIP left <host>
  G <t> <host> <mac>          a gratuitous ARP for the VIP left <host>

Who answers is read on the bridge port each host is plugged into, not from the source MAC: netkeel's
VIP has one MAC on every host, so only the port tells two holders apart. Besides the client's pings
(which reach only the host in the client's ARP cache), the recorder broadcasts an ARP request for the
VIP every --interval from a sender that exists nowhere (an unused IP and MAC), so every host that
holds the VIP answers it, and the client's own ARP cache is never touched by these probes.
"""
import argparse
import ctypes
import os
import select
import socket
import struct
import sys
import time

CLONE_NEWNET = 0x40000000
ETH_P_ALL = 0x0003
ETH_P_ARP = 0x0806
ETH_P_IP = 0x0800
PACKET_OUTGOING = 4

libc = ctypes.CDLL("libc.so.6", use_errno=True)


def enter_namespace(name):
    """Moves this (single-threaded) process into network namespace `name`; sockets opened before stay
    in the namespace they were opened in."""
    fd = os.open(f"/var/run/netns/{name}", os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            sys.exit(f"recorder: setns into {name}: {os.strerror(err)}")
    finally:
        os.close(fd)


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    total = (total >> 16) + (total & 0xFFFF)
    total += total >> 16
    return ~total & 0xFFFF


def echo_request(ident, seq):
    header = struct.pack("!BBHHH", 8, 0, 0, ident, seq)
    payload = b"netkeel-failover"
    return struct.pack("!BBHHH", 8, 0, checksum(header + payload), ident, seq) + payload


def mac_text(raw):
    return ":".join(f"{b:02x}" for b in raw)


def arp_probe(probe_mac, probe_ip, vip):
    ethernet = b"\xff" * 6 + probe_mac + struct.pack("!H", ETH_P_ARP)
    arp = struct.pack("!HHBBH", 1, ETH_P_IP, 6, 4, 1) + probe_mac + probe_ip + b"\0" * 6 + vip
    return ethernet + arp


def record_answer(out, hosts_by_port, vip, data, address, t):
    """Writes an A, G or I line when `data`, a frame that came in on a host's bridge port, answers for
    or announces the VIP."""
    host = hosts_by_port.get(address[0])  # address = (ifname, proto, pkttype, hatype, addr)
    if host is None or address[2] == PACKET_OUTGOING or len(data) < 42:
        return
    ethertype = struct.unpack("!H", data[12:14])[0]
    source_mac = mac_text(data[6:12])
    if ethertype == ETH_P_ARP and data[28:32] == vip:
        op = struct.unpack("!H", data[20:22])[0]
        if op == 2:
            out.write(f"A {t:.6f} {host} {source_mac}\n")
        elif op == 1 and data[38:42] == vip:
            out.write(f"G {t:.6f} {host} {source_mac}\n")
    elif ethertype == ETH_P_IP and data[26:30] == vip and data[23] == 1:
        ihl = (data[14] & 0x0F) * 4
        if len(data) >= 14 + ihl + 8 and data[14 + ihl] == 0:
            reply_seq = struct.unpack("!H", data[14 + ihl + 6:14 + ihl + 8])[0]
            out.write(f"I {t:.6f} {host} {source_mac} {reply_seq}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bridge-ns", required=True, help="namespace of the bridge joining the hosts")
    parser.add_argument("--client-ns", required=True, help="namespace of the client")
    parser.add_argument("--client-dev", default="eth0", help="the client's interface")
    parser.add_argument("--port", action="append", required=True, metavar="IFNAME=HOST",
                        help="a bridge port and the host behind it (once per host)")
    parser.add_argument("--vip", required=True)
    parser.add_argument("--probe-ip", required=True, help="an unused address on the VIP's subnet")
    parser.add_argument("--interval", type=float, default=0.01)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    vip = socket.inet_aton(args.vip)
    probe_ip = socket.inet_aton(args.probe_ip)
    probe_mac = bytes([0x02, 0x4E, 0x4B, 0xFE, 0xFE, 0x01])

    enter_namespace(args.bridge_ns)
    hosts_by_port = {}
    for item in args.port:
        ifname, _, host = item.partition("=")
        if not host:
            sys.exit(f"recorder: --port {item}: write IFNAME=HOST")
        socket.if_nametoindex(ifname)  # fails early when the port does not exist
        hosts_by_port[ifname] = host
    watch = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    watch.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)

    enter_namespace(args.client_ns)
    ping = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    prober = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    prober.bind((args.client_dev, 0))
    probe_frame = arp_probe(probe_mac, probe_ip, vip)

    ident = os.getpid() & 0xFFFF
    out = open(args.out, "w", buffering=1 << 16)
    seq = 0
    next_send = time.monotonic()
    last_flush = next_send
    while True:
        now = time.monotonic()
        if now >= next_send:
            seq = (seq + 1) & 0xFFFF
            try:
                ping.sendto(echo_request(ident, seq), (args.vip, 0))
            except OSError:
                pass  # no route or ARP failure while the VIP moves: the missing reply is the outage
            prober.send(probe_frame)
            out.write(f"S {now:.6f} {seq}\n")
            next_send += args.interval
            if next_send < now:  # we were descheduled: do not burst to catch up
                next_send = now + args.interval
        readable, _, _ = select.select([watch, ping], [], [], max(0.0, next_send - time.monotonic()))
        # The bridge port saw a reply before the client received it: drain the port's socket first (it
        # carries many frames per echo), so an R line always follows the I line saying who answered it.
        if readable:  # a reply may sit in the port socket even when select saw only the ping socket
            while True:
                try:
                    data, address = watch.recvfrom(2048, socket.MSG_DONTWAIT)
                except BlockingIOError:
                    break
                record_answer(out, hosts_by_port, vip, data, address, time.monotonic())
        if ping in readable:
            while True:
                try:
                    data = ping.recv(2048, socket.MSG_DONTWAIT)
                except BlockingIOError:
                    break
                t = time.monotonic()
                ihl = (data[0] & 0x0F) * 4
                if len(data) >= ihl + 8 and data[ihl] == 0 and data[12:16] == vip:
                    reply_ident, reply_seq = struct.unpack("!HH", data[ihl + 4:ihl + 8])
                    if reply_ident == ident:
                        out.write(f"R {t:.6f} {reply_seq}\n")
        if time.monotonic() - last_flush > 0.05:
            out.flush()
            last_flush = time.monotonic()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
