# A listener with TCP_DEFER_ACCEPT, the one reliable way to hold a connection in SYN_RECEIVED
# on loopback: the kernel completes the handshake only when the first data arrives, so a
# client that connects and sends nothing leaves the server side a request socket (SYN-RECV
# in ss, no inode, no owner). It never accepts. Bounded: exits after argv[2] seconds or when
# stdin closes.
#   python3 deferred-listener.py HOST HOLD_SECONDS   → prints its port, one line
import socket, sys, threading, time

s = socket.socket(socket.AF_INET6 if ':' in sys.argv[1] else socket.AF_INET)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_DEFER_ACCEPT, 600)
s.bind((sys.argv[1], 0))
s.listen(8)
print(s.getsockname()[1], flush=True)
threading.Thread(target=lambda: (sys.stdin.read(), sys.exit(0)), daemon=True).start()
deadline = time.monotonic() + float(sys.argv[2])
while time.monotonic() < deadline and threading.active_count() > 1:
    time.sleep(0.1)
