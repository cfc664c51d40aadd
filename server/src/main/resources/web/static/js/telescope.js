/*
 * Kizashi telescope page (観測 / Telescope).
 *
 * 1. The live atlas: listens to the server-sent events of /api/v1/telescope/live
 *    and draws each sampled packet as a short-lived arc from its source
 *    country to the sensor on the world map of map.js. Samples are played back
 *    at the pace of their timestamps, at most MAX_ARCS_PER_FRAME arcs per
 *    animation frame, so thousands of packets per second stay smooth; what
 *    cannot be drawn in time is dropped. The counters show the packet counts
 *    the server sends with every batch (true totals), never the samples drawn.
 * 2. The time series of one port: fetched from /api/v1/telescope/series and
 *    drawn as hand-written SVG (bars: packets, line: unique sources).
 *
 * Everything is served by Kizashi itself (no CDN); texts come from data-*
 * attributes written by the server in the reader's language.
 */
(function () {
  "use strict";

  const CATEGORIES = ["scan", "iot", "udp", "icmp", "backscatter", "other"];
  /** Where arcs of sources of unknown country start: empty ocean in the South Pacific. */
  const UNKNOWN_ORIGIN = [-150, -40];
  const MAX_ARCS_PER_FRAME = 8;
  const MAX_ARCS_ON_MAP = 240;
  const ARC_LIFETIME_MS = 1800;
  const QUEUE_LIMIT = 5000;
  /** Samples are drawn this long after their timestamps, so that the next batch arrives in time. */
  const LAG_MS = 1500;
  /** Samples this far behind the playback clock are dropped (a backlog, or a tab that slept). */
  const MAX_BACKLOG_MS = 3000;
  const RATE_WINDOW_MS = 10000;

  const lang = document.documentElement.lang || "ja";
  const numbers = new Intl.NumberFormat(lang);

  const el = window.KizashiMap.svgElement;

  // ---------------------------------------------------------------- live atlas

  function startLive(container) {
    const data = container.dataset;
    const sensor = [parseFloat(data.sensorLon), parseFloat(data.sensorLat)];
    const out = {
      rate: document.getElementById("live-rate"),
      packets: document.getElementById("live-packets"),
      drawn: document.getElementById("live-drawn"),
      state: document.getElementById("live-state")
    };
    let centroids = {};
    let mapReady = false;
    let unknownShown = false;
    const queue = [];
    let head = 0;
    let offset = null; // Date.now() - offset = playback time, in the samples' clock
    let packets = 0;
    let drawn = 0;
    const arrivals = []; // [arrival ms, packets]
    const arcs = []; // [element, expires ms]
    let lastCounters = 0;

    fetch(data.centroids, { credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : { centroids: {} }))
      .then((j) => { centroids = j.centroids || {}; })
      .catch(() => { centroids = {}; });

    KizashiMap.whenReady(container).then(() => {
      mapReady = true;
      KizashiMap.addPoint(container, sensor[0], sensor[1], "sensor", data.sensorLabel);
    }).catch(() => {});

    function setState(key) {
      const text = data["state" + key.charAt(0).toUpperCase() + key.slice(1)];
      if (text && out.state) out.state.textContent = text;
      container.setAttribute("data-live-state", key);
    }

    function enqueue(batch) {
      packets += batch.packets || 0;
      arrivals.push([Date.now(), batch.packets || 0]);
      const samples = batch.samples || [];
      if (!samples.length) return;
      const now = Date.now();
      if (offset === null || Math.abs(samples[0].t - (now - offset)) > 60000) {
        offset = now - samples[0].t + LAG_MS; // (re)anchor: the first sample is drawn LAG_MS from now
      }
      const last = head < queue.length ? queue[queue.length - 1].t : -Infinity;
      for (const s of samples) queue.push(s);
      if (samples[0].t < last) {
        const pending = queue.slice(head).sort((a, b) => a.t - b.t);
        queue.length = 0;
        head = 0;
        for (const s of pending) queue.push(s);
      }
      if (queue.length - head > QUEUE_LIMIT) head = queue.length - QUEUE_LIMIT;
      if (head > 4096) {
        queue.splice(0, head);
        head = 0;
      }
    }

    function draw(sample) {
      const known = centroids[sample.country];
      const origin = known || UNKNOWN_ORIGIN;
      if (!known && !unknownShown) {
        unknownShown = true;
        KizashiMap.addPoint(container, UNKNOWN_ORIGIN[0], UNKNOWN_ORIGIN[1], "unknown-origin", data.unknownLabel);
      }
      const category = CATEGORIES.includes(sample["class"]) ? sample["class"] : "other";
      const arc = KizashiMap.addTransientArc(container, origin, sensor, "live-arc " + category);
      if (!arc) return;
      arc.setAttribute("pathLength", "100");
      arcs.push([arc, Date.now() + ARC_LIFETIME_MS]);
      while (arcs.length > MAX_ARCS_ON_MAP) arcs.shift()[0].remove();
      drawn++;
    }

    function counters(now) {
      while (arrivals.length && arrivals[0][0] < now - RATE_WINDOW_MS) arrivals.shift();
      let recent = 0;
      for (const a of arrivals) recent += a[1];
      if (out.rate) out.rate.textContent = arrivals.length ? numbers.format(Math.round(recent / (RATE_WINDOW_MS / 1000))) : "—";
      if (out.packets) out.packets.textContent = numbers.format(packets);
      if (out.drawn) out.drawn.textContent = numbers.format(drawn);
      container.setAttribute("data-arcs-drawn", String(drawn));
      container.setAttribute("data-packets", String(packets));
    }

    function frame() {
      const now = Date.now();
      while (arcs.length && arcs[0][1] <= now) arcs.shift()[0].remove();
      if (mapReady && offset !== null) {
        const play = now - offset;
        while (head < queue.length && queue[head].t < play - MAX_BACKLOG_MS) head++;
        let n = 0;
        while (head < queue.length && queue[head].t <= play && n < MAX_ARCS_PER_FRAME) {
          draw(queue[head++]);
          n++;
        }
      }
      if (now - lastCounters > 250) {
        lastCounters = now;
        counters(now);
      }
      window.requestAnimationFrame(frame);
    }
    window.requestAnimationFrame(frame);

    if (typeof EventSource === "undefined") {
      setState("closed");
      return;
    }
    const source = new EventSource(data.live, { withCredentials: true });
    source.addEventListener("hello", (e) => {
      try {
        setState(JSON.parse(e.data).demo ? "demo" : "live");
      } catch (err) {
        setState("live");
      }
    });
    source.addEventListener("batch", (e) => {
      let batch;
      try {
        batch = JSON.parse(e.data);
      } catch (err) {
        return;
      }
      if (batch.demo) setState("demo");
      enqueue(batch);
    });
    source.addEventListener("error", () => {
      setState(source.readyState === EventSource.CLOSED ? "closed" : "reconnecting");
    });
    window.addEventListener("pagehide", () => source.close());
  }

  // --------------------------------------------------------------- time series

  function niceMax(value) {
    if (!(value > 0)) return 1;
    const power = Math.pow(10, Math.floor(Math.log10(value)));
    for (const step of [1, 2, 2.5, 5, 10]) {
      if (step * power >= value) return step * power;
    }
    return 10 * power;
  }

  function two(n) {
    return String(n).padStart(2, "0");
  }

  function timeLabel(ms, resolution) {
    const d = new Date(ms);
    const day = `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}`;
    return resolution === "day" ? day : `${day} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
  }

  function startChart(box) {
    const data = box.dataset;
    const form = document.getElementById("series-form");

    function message(text, state) {
      const p = document.createElement("p");
      p.className = state === "error" ? "chart-message error" : "chart-message";
      p.textContent = text;
      box.replaceChildren(p);
      box.setAttribute("data-ready", state);
    }

    function render(series) {
      if (!series.kept) {
        message(data.notKept, "not-kept");
        return;
      }
      const buckets = series.buckets || [];
      if (!buckets.length || buckets.every((b) => b.packets === 0)) {
        message(data.empty, "empty");
        box.setAttribute("data-points", String(buckets.length));
        return;
      }
      const width = Math.max(320, Math.floor(box.clientWidth || 640));
      const height = 280;
      const m = { left: 64, right: 64, top: 14, bottom: 40 };
      const w = width - m.left - m.right;
      const h = height - m.top - m.bottom;
      const maxPackets = niceMax(Math.max(...buckets.map((b) => b.packets)));
      const maxSources = niceMax(Math.max(...buckets.map((b) => b.sources)));
      const band = w / buckets.length;
      const x = (i) => m.left + i * band;
      const yP = (v) => m.top + h - (v / maxPackets) * h;
      const yS = (v) => m.top + h - (v / maxSources) * h;

      const label = (data.label || "{port}").replace("{port}", series.key);
      const svg = el("svg", {
        class: "series-chart", role: "img", "aria-label": label,
        viewBox: `0 0 ${width} ${height}`, width: width, height: height
      });
      el("title", {}, svg).textContent = label;
      const grid = el("g", { class: "grid" }, svg);
      for (let k = 0; k <= 4; k++) {
        const y = m.top + h - (k / 4) * h;
        el("line", { x1: m.left, x2: m.left + w, y1: y.toFixed(1), y2: y.toFixed(1) }, grid);
        el("text", { class: "tick packets", x: m.left - 6, y: (y + 4).toFixed(1), "text-anchor": "end" }, grid)
          .textContent = numbers.format(maxPackets * k / 4);
        el("text", { class: "tick sources", x: m.left + w + 6, y: (y + 4).toFixed(1), "text-anchor": "start" }, grid)
          .textContent = numbers.format(maxSources * k / 4);
      }
      const bars = el("g", { class: "bars" }, svg);
      buckets.forEach((b, i) => {
        if (b.packets <= 0) return;
        const y = yP(b.packets);
        const bar = el("rect", {
          class: "chart-bar", x: (x(i) + band * 0.1).toFixed(1), y: y.toFixed(1),
          width: Math.max(1, band * 0.8).toFixed(1), height: (m.top + h - y).toFixed(1)
        }, bars);
        el("title", {}, bar).textContent = `${timeLabel(Date.parse(b.start), series.resolution)} UTC: `
          + `${data.labelPackets} ${numbers.format(b.packets)} / ${data.labelSources} ${numbers.format(b.sources)}`;
      });
      const points = buckets.map((b, i) => `${(x(i) + band / 2).toFixed(1)},${yS(b.sources).toFixed(1)}`);
      el("polyline", { class: "chart-line", points: points.join(" ") }, svg);
      const axis = el("g", { class: "axis" }, svg);
      el("line", { x1: m.left, x2: m.left + w, y1: m.top + h, y2: m.top + h }, axis);
      const labels = Math.min(6, buckets.length);
      for (let k = 0; k < labels; k++) {
        const i = Math.round(k * (buckets.length - 1) / Math.max(1, labels - 1));
        el("text", { class: "tick time", x: (x(i) + band / 2).toFixed(1), y: m.top + h + 18, "text-anchor": "middle" }, axis)
          .textContent = timeLabel(Date.parse(buckets[i].start), series.resolution);
      }
      el("text", { class: "axis-label packets", x: 4, y: m.top + h + 34 }, axis).textContent = "▮ " + data.labelPackets;
      el("text", { class: "axis-label sources", x: width - 4, y: m.top + h + 34, "text-anchor": "end" }, axis)
        .textContent = "— " + data.labelSources;
      box.replaceChildren(svg);
      box.setAttribute("data-points", String(buckets.length));
      box.setAttribute("data-ready", "true");
    }

    function load(port, resolution) {
      message(data.loading, "loading");
      const url = `${data.api}?port=${encodeURIComponent(port)}&resolution=${encodeURIComponent(resolution)}`;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then((r) => r.json().then((j) => ({ ok: r.ok, j })))
        .then(({ ok, j }) => {
          if (!ok) throw new Error(j.message || "HTTP error");
          render(j);
        })
        .catch((err) => message(`${data.error} ${err.message}`, "error"));
    }

    if (form) {
      form.addEventListener("submit", (e) => {
        e.preventDefault();
        const port = (form.elements.port.value || "").trim().toLowerCase() || "23/tcp";
        const resolution = form.elements.resolution.value;
        const params = new URLSearchParams(window.location.search);
        params.set("port", port);
        params.set("resolution", resolution);
        window.history.replaceState(null, "", `${window.location.pathname}?${params}#series`);
        load(port, resolution);
      });
    }
    load(data.port || "23/tcp", data.resolution || "hour");
  }

  function start() {
    const map = document.getElementById("telescope-map");
    if (map && window.KizashiMap) startLive(map);
    const chart = document.getElementById("series-chart");
    if (chart) startChart(chart);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
