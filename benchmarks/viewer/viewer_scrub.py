#!/usr/bin/env python3
# Scrubbing in the viewer, timed from outside: starts `mapline --db DB` on $DISPLAY (default :8),
# waits for the first frame with events, middle-clicks the timeline at (X, Y) (focus; the window
# does not move), presses Right MOVES times INTERVAL seconds apart (each press steps the window),
# and counts the map's "event frame" log lines (mapline.timing) while the keys were pressed.
# Usage: viewer_scrub.py BUILD/bin/mapline DB [MOVES [INTERVAL [X [Y]]]]. Needs xdotool.
import os, shutil, subprocess, sys, time, re, signal, tempfile, select
binary, db = sys.argv[1], sys.argv[2]
moves = int(sys.argv[3]) if len(sys.argv) > 3 else 300
interval = float(sys.argv[4]) if len(sys.argv) > 4 else 0.02
settings = tempfile.mkdtemp(prefix='mapline-viewer-timing-')
env = dict(os.environ, DISPLAY=os.environ.get('DISPLAY', ':8'), QT_LOGGING_RULES='mapline.timing.info=true',
           XDG_CONFIG_HOME=settings + '/config', XDG_DATA_HOME=settings + '/data',
           XDG_CACHE_HOME=settings + '/cache')
p = subprocess.Popen([binary, '--db', db], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
lines = []
def pump(until):
    while time.time() < until:
        r, _, _ = select.select([p.stderr], [], [], 0.05)
        if r:
            line = p.stderr.readline()
            if not line:
                return
            lines.append((time.time(), line))
deadline = time.time() + 60
while time.time() < deadline and not any('first frame with events' in l for _, l in lines):
    pump(time.time() + 0.2)
pump(time.time() + 3)
x0, y = int(sys.argv[5]) if len(sys.argv) > 5 else 700, int(sys.argv[6]) if len(sys.argv) > 6 else 540
# A middle click focuses the timeline area without touching the window (it starts a pan that
# does not move); then the Right key steps the window forward, `moves` times.
cmd = ['xdotool', 'mousemove', str(x0), str(y), 'click', '2', 'sleep', '0.3',
       'key', '--delay', str(int(interval * 1000)), '--repeat', str(moves), 'Right']
start = time.time()
xd = subprocess.Popen(cmd, env=env)
while xd.poll() is None:
    pump(time.time() + 0.1)
end = time.time()
pump(time.time() + 1.5)
frames = [(t, l) for t, l in lines if 'event frame:' in l and start <= t <= end + 0.5]
ms = [int(re.search(r'(\d+) ms to render', l).group(1)) for _, l in frames]
ev = [int(re.search(r'frame: (\d+) events', l).group(1)) for _, l in frames]
st = open('/proc/%d/stat' % p.pid).read().rsplit(')', 1)[1].split()
p.send_signal(signal.SIGTERM)
try:
    p.wait(10)
except subprocess.TimeoutExpired:
    p.kill()
ms_sorted = sorted(ms)
print('keys for %.2f s, %d presses: %d event frames = %.1f frames/s; render ms median %d, p90 %d, max %d; window events %d-%d'
      % (end - start, moves, len(frames), len(frames) / (end - start), ms_sorted[len(ms) // 2] if ms else -1,
         ms_sorted[int(len(ms) * 0.9)] if ms else -1, max(ms) if ms else -1, min(ev) if ev else 0, max(ev) if ev else 0))
shutil.rmtree(settings, ignore_errors=True)
