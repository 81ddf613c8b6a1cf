#!/usr/bin/env python3
"""Measures `recueil serve`'s incremental rebuild: from the save of one fiche to
the reload message on the event stream. Usage: incremental.py BIN PROJECT [RUNS] [--pendant-les-pdf]
Prints the median in ms. Standard library only."""
import os, re, socket, statistics, subprocess, sys, time

binary, project = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[3].isdigit() else 5
proc = subprocess.Popen([binary, "--root", project, "serve", "--port", "0"], stdout=subprocess.PIPE, text=True)
try:
    addr = None
    for line in proc.stdout:
        m = re.search(r"http://([0-9.]+):([0-9]+)/", line)
        if m:
            addr = (m.group(1), int(m.group(2)))
            break
    # The PDFs of the first build are made in the background: measure once they
    # are done (pass --pendant-les-pdf to measure while they are being made).
    if "--pendant-les-pdf" not in sys.argv:
        for line in proc.stdout:
            if "PDF refait" in line or "PDF non refaits" in line:
                break
    s = socket.create_connection(addr)
    s.sendall(b"GET /__recueil/evenements HTTP/1.1\r\nHost: x\r\n\r\n")
    f = s.makefile("r", encoding="utf-8")
    def wait(event):
        for line in f:
            if line.strip() == f"event: {event}":
                return
    wait("ok")
    fiches = sorted(os.path.join(d, n) for d, _, ns in os.walk(os.path.join(project, "fiches")) for n in ns if n.endswith(".md"))
    target = fiches[len(fiches) // 2]
    original = open(target, encoding="utf-8").read()
    times = []
    for i in range(runs):
        text = original.replace("titre: ", f"titre: (essai {i}) ", 1)
        t0 = time.perf_counter()
        with open(target, "w", encoding="utf-8") as out:
            out.write(text)
        wait("recharger")
        times.append((time.perf_counter() - t0) * 1000)
        time.sleep(3)  # the search index, open data and report follow the reload
    with open(target, "w", encoding="utf-8") as out:
        out.write(original)
    print(f"{statistics.median(times):.0f}")
finally:
    proc.kill()
