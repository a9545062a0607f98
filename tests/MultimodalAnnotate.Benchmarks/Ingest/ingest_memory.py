#!/usr/bin/env python3
"""Measures the web app's memory while it ingests large videos (upload over HTTP + processing job).

Starts the real app (Release build, Kestrel, SQLite, demo seed) as its own process, waits until the demo's own
processing jobs are done, then for each generated video (20 MB and 200 MB by default): creates an item, streams the
file to POST /api/v1/items/{id}/assets (multipart, from disk, like the browser's XHR), and waits until the asset is
Ready. While that runs it samples the server's resident set (VmRSS from /proc, every 50 ms) and, through
dotnet-counters, its GC heap. Memory is flat when the peaks for the 200 MB file are about those for the 20 MB one.

    python3 tests/MultimodalAnnotate.Benchmarks/Ingest/ingest_memory.py [--sizes 20,200] [--no-build]

Needs ffmpeg, and dotnet-counters (installed into ~/.cache/ma-tools when missing; without it only RSS is reported).
"""
import argparse
import csv
import http.client
import http.cookiejar
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
WEB = os.path.join(ROOT, "src", "MultimodalAnnotate.Web")
DLL = os.path.join(WEB, "bin", "Release", "net10.0", "MultimodalAnnotate.Web.dll")
TOOLS = os.path.expanduser("~/.cache/ma-tools")
PASSWORD = "Annotate!2026"


def log(message):
    print(f"[ingest-memory] {message}", file=sys.stderr, flush=True)


def make_video(path, megabytes):
    """H.264 720p30 + AAC at a constant bit rate, so the file has the asked size (60 s for 200 MB)."""
    seconds = max(6, megabytes * 60 // 200)
    kbps = megabytes * 8 * 1024 // seconds - 128
    subprocess.run([
        "ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", f"testsrc2=size=1280x720:rate=30:duration={seconds}",
        "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
        "-b:v", f"{kbps}k", "-minrate", f"{kbps}k", "-maxrate", f"{kbps}k", "-bufsize", f"{kbps // 2}k",
        "-x264-params", "nal-hrd=cbr", "-c:a", "aac", "-b:a", "128k", "-shortest", "-movflags", "+faststart", path,
    ], check=True)
    return os.path.getsize(path)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Sampler(threading.Thread):
    """Peak RSS of the server over a window, sampled every 50 ms."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak, self.samples, self.running = pid, 0, 0, True

    def run(self):
        while self.running:
            self.peak = max(self.peak, rss_kb(self.pid))
            self.samples += 1
            time.sleep(0.05)

    def stop(self):
        self.running = False
        self.join()
        return self.peak


class Client:
    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.token = None

    def get(self, path):
        return self.opener.open(self.base + path).read().decode()

    def sign_in(self, email):
        page = self.get("/Account/Login")
        form = urllib.parse.urlencode({
            "_handler": "login", "__RequestVerificationToken": token_of(page),
            "Input.Email": email, "Input.Password": PASSWORD,
        }).encode()
        self.opener.open(self.base + "/Account/Login", form)
        self.token = token_of(self.get("/"))

    def post_json(self, path, body):
        request = urllib.request.Request(self.base + path, json.dumps(body).encode(), {"Content-Type": "application/json"})
        return json.loads(self.opener.open(request).read())

    def upload(self, item_id, path):
        """Streams one file as multipart/form-data from disk (never read whole into this process either)."""
        boundary = uuid.uuid4().hex
        head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{os.path.basename(path)}\"\r\n"
                "Content-Type: video/mp4\r\n\r\n").encode()
        tail = f"\r\n--{boundary}--\r\n".encode()
        host = self.base.split("//")[1]
        connection = http.client.HTTPConnection(host, timeout=600)
        connection.putrequest("POST", f"/api/v1/items/{item_id}/assets")
        connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
        connection.putheader("Content-Length", str(len(head) + os.path.getsize(path) + len(tail)))
        connection.putheader("Cookie", "; ".join(f"{c.name}={c.value}" for c in self.jar))
        connection.putheader("RequestVerificationToken", self.token)
        connection.endheaders()
        connection.send(head)
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                connection.send(chunk)
        connection.send(tail)
        response = connection.getresponse()
        body = response.read().decode()
        if response.status != 201:
            raise RuntimeError(f"upload answered {response.status}: {body}")
        return json.loads(body)["assets"][0]["assetId"]


def token_of(html):
    match = re.search(r'name="__RequestVerificationToken" value="([^"]+)"', html)
    if not match:
        raise RuntimeError("no antiforgery token in the page")
    return match.group(1).replace("&#x2B;", "+").replace("&#x2F;", "/").replace("&#x3D;", "=")


def query(db, sql, *args):
    with sqlite3.connect(db, timeout=30) as c:
        return c.execute(sql, args).fetchall()


def wait_jobs_idle(db, timeout=600):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if query(db, "SELECT COUNT(*) FROM Jobs WHERE Status IN ('Queued', 'Running')")[0][0] == 0:
            return
        time.sleep(0.5)
    raise TimeoutError("jobs still running")


def counters(path, start, end):
    """
    Peaks dotnet-counters recorded between two wall-clock times: the GC heap after the last collection (all generations
    summed) and the memory the GC had committed, in MB.
    """
    if not os.path.exists(path):
        return None, None
    heap, committed = {}, {}
    with open(path) as f:
        for row in csv.reader(f):
            if len(row) < 5 or row[0] == "Timestamp":
                continue
            try:
                stamp = time.mktime(time.strptime(row[0], "%m/%d/%Y %H:%M:%S"))
                value = float(row[4])
            except ValueError:
                continue
            if not (start - 1 <= stamp <= end + 1):
                continue
            if row[2].startswith("dotnet.gc.last_collection.heap.size"):
                heap[stamp] = heap.get(stamp, 0) + value
            elif row[2].startswith("dotnet.gc.last_collection.memory.committed_size"):
                committed[stamp] = value
    mb = 1 << 20
    return (max(heap.values()) / mb if heap else None), (max(committed.values()) / mb if committed else None)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="20,200", help="video sizes in MB, comma-separated")
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()
    if not args.no_build:
        log("building the web app (Release)")
        subprocess.run(["dotnet", "build", "-c", "Release", "-v", "q", "-nologo", WEB], check=True, stdout=subprocess.DEVNULL)
    work = tempfile.mkdtemp(prefix="ma-ingest-memory-")
    videos = []
    for mb in (int(s) for s in args.sizes.split(",")):
        path = os.path.join(work, f"video-{mb}mb.mp4")
        log(f"generating a {mb} MB video")
        videos.append((path, make_video(path, mb)))

    port = free_port()
    db = os.path.join(work, "app.db")
    env = dict(os.environ, ASPNETCORE_ENVIRONMENT="Production", ASPNETCORE_URLS=f"http://127.0.0.1:{port}",
               Database__Provider="Sqlite", ConnectionStrings__Sqlite=f"Data Source={db}", Database__MigrateOnStartup="true",
               Media__Root=os.path.join(work, "media"), Media__MaxUploadBytes=str(4 << 30), Demo__Seed="true",
               Serilog__MinimumLevel__Default="Warning")
    server = subprocess.Popen(["dotnet", DLL], cwd=os.path.dirname(DLL), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    counters_csv = os.path.join(work, "counters.csv")
    watcher = None
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(600):
            try:
                if urllib.request.urlopen(base + "/health").status == 200:
                    break
            except Exception:
                time.sleep(0.2)
        log("app up; waiting for the demo's processing jobs")
        wait_jobs_idle(db)
        tool = shutil.which("dotnet-counters") or os.path.join(TOOLS, "dotnet-counters")
        if not os.path.exists(tool):
            subprocess.run(["dotnet", "tool", "install", "dotnet-counters", "--tool-path", TOOLS], check=False, stdout=subprocess.DEVNULL)
        if os.path.exists(tool):
            watcher = subprocess.Popen([tool, "collect", "-p", str(server.pid), "--format", "csv", "-o", counters_csv,
                                        "--refresh-interval", "1", "--counters", "System.Runtime"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(3)
        idle = Sampler(server.pid)
        idle.start()
        time.sleep(3)
        baseline = idle.stop()

        client = Client(base)
        client.sign_in("annotator@demo.local")
        batch = query(db, "SELECT Id FROM Batches ORDER BY Iteration DESC LIMIT 1")[0][0]
        rows = []
        for path, size in videos:
            item = client.post_json(f"/api/v1/batches/{batch}/items", {"name": os.path.basename(path)})["id"]
            sampler = Sampler(server.pid)
            sampler.start()
            start = time.time()
            asset = client.upload(item, path)
            uploaded = time.time()
            while True:
                status = query(db, "SELECT Status, FailureReason FROM Assets WHERE Id = ? COLLATE NOCASE", asset)
                if status and status[0][0] in ("Ready", "Failed"):
                    break
                time.sleep(0.2)
            done = time.time()
            peak = sampler.stop()
            if status[0][0] != "Ready":
                raise RuntimeError(f"{path} failed: {status[0][1]}")
            heap, committed = counters(counters_csv, start, done)
            rows.append((size, uploaded - start, done - uploaded, baseline, peak, heap, committed, sampler.samples))
        print(f"{'file MB':>8} {'upload s':>9} {'process s':>10} {'idle RSS MB':>12} {'peak RSS MB':>12} {'peak GC heap MB':>16} {'peak GC committed MB':>21}")
        for size, up, proc, base_kb, peak_kb, heap, committed, _ in rows:
            heap_text = f"{heap:.1f}" if heap is not None else "n/a"
            committed_text = f"{committed:.1f}" if committed is not None else "n/a"
            print(f"{size / 1e6:8.1f} {up:9.1f} {proc:10.1f} {base_kb / 1024:12.1f} {peak_kb / 1024:12.1f} {heap_text:>16} {committed_text:>21}")
    finally:
        if watcher is not None:
            watcher.terminate()
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
