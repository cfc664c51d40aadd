/*
 * Kizashi world map.
 *
 * Draws an inline SVG world map into every element with a data-world-map
 * attribute (its value is the URL of a countries TopoJSON file, served by
 * Kizashi itself: no CDN, the product runs on closed networks).
 *
 *   <div class="map-frame" data-world-map="/static/geo/countries-110m.json"
 *        data-label="World map" data-error="The map could not be loaded."></div>
 *
 * Needs the vendored d3-array, d3-geo and topojson-client scripts loaded first.
 * Sets data-ready="true" on the container once drawn (browser tests wait for
 * it), or data-ready="error" with the data-error text shown if loading fails.
 *
 * window.KizashiMap lets later pages (e.g. the darknet atlas) put points and
 * arcs on a map. Overlays are kept as data, in lon/lat, so they survive the
 * redraw that follows a window resize; transient arcs (addTransientArc) are
 * not kept, for live views that draw and remove thousands of them.
 */
(function () {
  "use strict";

  const SVG_NS = "http://www.w3.org/2000/svg";
  const PAD = 2; // px kept free around the sphere so its outline is not clipped

  // container element -> { features, projection, overlays: [], svg, overlayGroup, ready: Promise }
  const maps = new Map();

  function el(name, attrs, parent) {
    const node = document.createElementNS(SVG_NS, name);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== undefined && v !== null) node.setAttribute(k, String(v));
    }
    if (parent) parent.appendChild(node);
    return node;
  }

  function titled(node, text) {
    if (text) el("title", {}, node).textContent = String(text);
    return node;
  }

  function containerWidth(container) {
    return Math.max(Math.floor(container.clientWidth), 100);
  }

  function drawOverlay(state, item) {
    if (item.kind === "point") {
      const xy = state.projection([item.lon, item.lat]);
      if (!xy || !isFinite(xy[0]) || !isFinite(xy[1])) return null;
      return titled(el("circle", {
        class: ("map-point " + (item.cssClass || "")).trim(),
        cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: 3
      }, state.overlayGroup), item.title);
    }
    // Arcs are drawn as a curve between the two projected points rather than
    // as a great circle: a great circle from the Americas to Japan would leave
    // one edge of the map and re-enter at the other, which reads badly on a
    // wall display. The bend is to the left of the direction of travel and
    // grows with the distance.
    const d = arcPath(state, item.from, item.to);
    if (!d) return null;
    return titled(el("path", {
      class: ("map-arc " + (item.cssClass || "")).trim(),
      d: d
    }, state.overlayGroup), item.title);
  }

  /** SVG path data of the curve from [lon, lat] to [lon, lat], or null if either point is off the map. */
  function arcPath(state, from, to) {
    const a = state.projection(from);
    const b = state.projection(to);
    if (!a || !b || !isFinite(a[0]) || !isFinite(b[0])) return null;
    const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
    const cx = (a[0] + b[0]) / 2 + dy * 0.25;
    const cy = (a[1] + b[1]) / 2 - dx * 0.25;
    const f = (n) => n.toFixed(1);
    return `M${f(a[0])},${f(a[1])}Q${f(cx)},${f(cy)} ${f(b[0])},${f(b[1])}`;
  }

  function draw(container, state) {
    const width = containerWidth(container);
    const sphere = { type: "Sphere" };
    // Fit the whole globe to the container width; the height follows from the
    // projection (about width / 1.95 for Natural Earth).
    const projection = d3.geoNaturalEarth1().fitWidth(width - 2 * PAD, sphere);
    const [tx, ty] = projection.translate();
    state.projection = projection.translate([tx + PAD, ty + PAD]);
    const height = Math.ceil(d3.geoPath(projection).bounds(sphere)[1][1] + PAD);
    state.width = width;
    const path = d3.geoPath(state.projection).digits(1);

    const svg = el("svg", {
      class: "world-map",
      role: "img",
      "aria-label": container.getAttribute("data-label") || "World map",
      viewBox: `0 0 ${width} ${height}`,
      width: width,
      height: height,
      preserveAspectRatio: "xMidYMid meet"
    });
    el("path", { class: "sphere", d: path(sphere) }, svg);
    el("path", { class: "graticule", d: path(d3.geoGraticule10()) }, svg);
    const countries = el("g", { class: "countries" }, svg);
    for (const f of state.features) {
      titled(el("path", {
        class: "country",
        "data-id": f.id,
        d: path(f)
      }, countries), f.properties && f.properties.name);
    }
    state.overlayGroup = el("g", { class: "overlay" }, svg);
    for (const item of state.overlays) drawOverlay(state, item);
    // Transient arcs (live views) go above the overlays; they are not kept, so a redraw drops them.
    state.liveGroup = el("g", { class: "live" }, svg);

    container.replaceChildren(svg);
    state.svg = svg;
  }

  function fail(container, err) {
    console.error("Kizashi map: could not load", container.getAttribute("data-world-map"), err);
    const msg = document.createElement("p");
    msg.className = "map-error";
    msg.setAttribute("role", "alert");
    msg.textContent = container.getAttribute("data-error") || "The map could not be loaded.";
    container.replaceChildren(msg);
    container.setAttribute("data-ready", "error");
  }

  async function load(container, state) {
    if (typeof d3 === "undefined" || !d3.geoPath || typeof topojson === "undefined") {
      throw new Error("d3-geo / topojson-client scripts are not loaded");
    }
    const url = container.getAttribute("data-world-map");
    const res = await fetch(url, { credentials: "same-origin" });
    if (!res.ok) throw new Error(`HTTP ${res.status} for ${url}`);
    const topo = await res.json();
    const objects = topo && topo.objects;
    const countries = objects && (objects.countries || objects[Object.keys(objects)[0]]);
    if (!countries) throw new Error("no countries object in TopoJSON");
    state.features = topojson.feature(topo, countries).features;
    draw(container, state);
    container.setAttribute("data-ready", "true");
  }

  function init(container) {
    if (maps.has(container)) return maps.get(container);
    const state = { features: [], overlays: [], projection: null, svg: null, overlayGroup: null, liveGroup: null };
    maps.set(container, state);
    container.setAttribute("data-ready", "loading");
    state.ready = load(container, state).catch((err) => {
      fail(container, err);
      throw err;
    });
    state.ready.catch(() => {}); // handled above; avoid an "unhandled rejection" log
    return state;
  }

  // Pages may call the API from an inline script before DOMContentLoaded:
  // start loading that map right away instead of failing.
  function stateOf(container) {
    if (!container || !container.hasAttribute || !container.hasAttribute("data-world-map")) {
      throw new Error("KizashiMap: element is not a [data-world-map] container");
    }
    return init(container);
  }

  function addOverlay(container, item) {
    const state = stateOf(container);
    state.overlays.push(item);
    return state.svg ? drawOverlay(state, item) : null; // drawn later if still loading
  }

  // Redraw (debounced) when the window size changes, so the map always fills
  // its container at full resolution with unscaled line widths.
  let resizeTimer = 0;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      for (const [container, state] of maps) {
        if (state.svg && container.isConnected && containerWidth(container) !== state.width) {
          draw(container, state);
        }
      }
    }, 150);
  });

  function start() {
    document.querySelectorAll("[data-world-map]").forEach(init);
  }

  window.KizashiMap = {
    /** Creates an SVG element with the given attributes (undefined and null ones left out), appended to parent. */
    svgElement: el,
    /** Promise resolved when the map in container is drawn (rejected if loading failed). */
    whenReady(container) {
      return stateOf(container).ready;
    },
    /** Screen position [x, y] (SVG user units) of lon/lat in container's map, or null if not drawn yet. */
    project(container, lon, lat) {
      const state = stateOf(container);
      return state.projection ? state.projection([lon, lat]) : null;
    },
    /** Adds a circle.map-point at lon/lat; returns the element (null while the map is still loading). */
    addPoint(container, lon, lat, cssClass, title) {
      return addOverlay(container, { kind: "point", lon: +lon, lat: +lat, cssClass, title });
    },
    /** Adds a curved path.map-arc from [lon, lat] to [lon, lat]; returns the element or null. */
    addArc(container, fromLonLat, toLonLat, cssClass, title) {
      return addOverlay(container, {
        kind: "arc", from: [+fromLonLat[0], +fromLonLat[1]], to: [+toLonLat[0], +toLonLat[1]], cssClass, title
      });
    },
    /**
     * Adds a curved path.map-arc that is not kept as an overlay: for live views that draw many short-lived arcs and
     * remove them themselves (element.remove()). Returns the element, or null while the map is still loading.
     */
    addTransientArc(container, fromLonLat, toLonLat, cssClass) {
      const state = stateOf(container);
      if (!state.svg || !state.liveGroup) return null;
      const d = arcPath(state, [+fromLonLat[0], +fromLonLat[1]], [+toLonLat[0], +toLonLat[1]]);
      if (!d) return null;
      return el("path", { class: ("map-arc " + (cssClass || "")).trim(), d: d }, state.liveGroup);
    },
    /** Removes all points and arcs from container's map. */
    clear(container) {
      const state = stateOf(container);
      state.overlays = [];
      if (state.overlayGroup) state.overlayGroup.replaceChildren();
    }
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
