#!/usr/bin/env python3
# The viewer's launch, timed from outside (docs/PERFORMANCE.md, "Opening 10,000,000 events"):
# starts `mapline --db DB` on the X display in $DISPLAY (default :8, e.g. `Xvfb :8 -screen 0
# 1400x900x24`), waits for the map's log line "first frame with events painted ... at T ms since
# the epoch" (QT_LOGGING_RULES="mapline.timing.info=true"), and prints T minus the time it started
# the process, with the process's user + system time and memory from /proc at that moment.
# Usage: viewer_launch.py BUILD/bin/mapline DB [RUNS]. Settings go to a temporary folder.
# MAPLINE_LAUNCH_FRESH_CACHE=1 empties the cache folder before every run (a client that never
# opened the store: for a PostgreSQL URL, no cached copy of the index); the index's log lines
# (mapline.index) of each run are printed after its figures. MAPLINE_LAUNCH_TIMEOUT: seconds (60).
import os, shutil, subprocess, sys, time, re, signal, tempfile
binary, db = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
settings = tempfile.mkdtemp(prefix='mapline-viewer-timing-')
env = dict(os.environ, DISPLAY=os.environ.get('DISPLAY', ':8'), QT_LOGGING_RULES='mapline.timing.info=true;mapline.index.info=true',
           XDG_CONFIG_HOME=settings + '/config', XDG_DATA_HOME=settings + '/data',
           XDG_CACHE_HOME=settings + '/cache')
tick = os.sysconf('SC_CLK_TCK')
fresh = os.environ.get('MAPLINE_LAUNCH_FRESH_CACHE') == '1'
timeout = float(os.environ.get('MAPLINE_LAUNCH_TIMEOUT', '60'))
for run in range(runs):
    if fresh:
        shutil.rmtree(settings + '/cache', ignore_errors=True)
    t0 = time.time()
    p = subprocess.Popen([binary, '--db', db], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    lines = []
    found = None
    deadline = t0 + timeout
    import select
    # The pipe read with os.read, not readline(): a buffered readline can hold the frame's line
    # in Python's buffer while select() waits for more bytes that never come (a run then ended
    # at the deadline with "no frame line", the viewer fine).
    pending = b''
    eof = False
    while time.time() < deadline and not found and not eof:
        r, _, _ = select.select([p.stderr], [], [], 1.0)
        if not r:
            continue
        chunk = os.read(p.stderr.fileno(), 65536)
        eof = not chunk
        pending += chunk
        *complete, pending = pending.split(b'\n')
        for raw in complete:
            line = raw.decode('utf-8', 'replace') + '\n'
            lines.append(line)
            m = re.search(r'first frame with events painted: (\d+) events, at (\d+) ms', line)
            if m:
                found = (int(m.group(1)), int(m.group(2)) / 1000.0)
                break
    cpu = None
    rss = None
    try:
        st = open('/proc/%d/stat' % p.pid).read().rsplit(')', 1)[1].split()
        cpu = (int(st[11]) + int(st[12])) / tick
        for l in open('/proc/%d/status' % p.pid):
            if l.startswith(('VmHWM', 'VmRSS', 'RssAnon', 'RssFile')):
                rss = (rss or '') + l.split(':')[0] + '=' + l.split()[1] + 'kB '
    except Exception as e:
        pass
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(10)
    except subprocess.TimeoutExpired:
        p.kill()
    if found:
        print('run %d: %.2f s wall, %.2f s CPU at that moment, %d events; %s' % (run, found[1] - t0, cpu, found[0], rss))
        for l in lines:
            if 'mapline.index' in l or "server's copy" in l:
                print('    ' + l.strip()[:300])
    else:
        print('run %d: no frame line; log:' % run, ''.join(lines[-20:]))
    sys.stdout.flush()
    time.sleep(1)
shutil.rmtree(settings, ignore_errors=True)
