# A listener whose process name (comm) the test chooses, control characters and all, to check
# that names from other processes cannot rewrite a terminal. Bounded: exits after argv[2]
# seconds or when stdin closes.
#   python3 named-listener.py NAME_HEX HOLD_SECONDS   → prints its port, one line
import socket, sys, threading, time

with open('/proc/self/comm', 'wb') as comm:
    comm.write(bytes.fromhex(sys.argv[1]))
s = socket.socket(socket.AF_INET)
s.bind(('127.0.0.1', 0))
s.listen(8)
print(s.getsockname()[1], flush=True)
threading.Thread(target=lambda: (sys.stdin.read(), sys.exit(0)), daemon=True).start()
deadline = time.monotonic() + float(sys.argv[2])
while time.monotonic() < deadline and threading.active_count() > 1:
    time.sleep(0.1)
