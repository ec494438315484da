// Maps: Leaflet on a bundled land outline; online tiles only when the server names them.
// No page has an inline script (the Content-Security-Policy allows none): this script's own
// data- attributes say where the land outline is and which tiles to use, and it starts the
// map of whichever page it is on.
(function () {
  const me = document.currentScript;
  window.SHIELD = window.SHIELD || {land: me.dataset.land, tiles: me.dataset.tiles || ""};

  function baseMap(el, options) {
    const map = L.map(el, Object.assign({worldCopyJump: true, minZoom: 2, maxZoom: 18}, options || {}));
    // A plain attribution: the map takes no side in any conflict.
    map.attributionControl.setPrefix("Leaflet");
    if (window.SHIELD.tiles) {
      L.tileLayer(window.SHIELD.tiles, {maxZoom: 18}).addTo(map);
    } else {
      fetch(window.SHIELD.land).then(r => r.json()).then(topo => {
        const land = topojson.feature(topo, topo.objects.land);
        L.geoJSON(land, {style: {color: "#7a8a7a", weight: 1, fillColor: "#e9efe4", fillOpacity: 1}, interactive: false}).addTo(map);
      });
      el.style.background = "#cfe3f0";
    }
    return map;
  }

  // A property on a map, linking to its page: a point, or a dashed circle where only its
  // ~10 km area may be shown.
  function propertyMarker(lat, lon, p) {
    const m = p.precision === "area"
      ? L.circleMarker([lat, lon], {radius: 12, color: "#b35c00", dashArray: "3"})
      : L.marker([lat, lon]);
    const link = document.createElement("a");
    link.href = "/property/" + encodeURIComponent(p.code) + "/";
    link.textContent = p.name;
    return m.bindPopup(link);
  }

  window.shieldPropertyMap = function () {
    const el = document.getElementById("property-map");
    if (!el || el.dataset.started) return;
    el.dataset.started = "1";
    const lat = parseFloat(el.dataset.lat), lon = parseFloat(el.dataset.lon);
    const map = baseMap(el);
    const boundaryEl = document.getElementById("property-boundary");
    const boundary = boundaryEl ? JSON.parse(boundaryEl.textContent) : null;
    if (el.dataset.area) {
      const [s, w, n, e] = el.dataset.area.split(",").map(parseFloat);
      const rect = L.rectangle([[s, w], [n, e]], {color: "#b35c00", dashArray: "4"}).addTo(map);
      map.fitBounds(rect.getBounds(), {maxZoom: 10});
    } else if (boundary) {
      const layer = L.geoJSON(boundary, {style: {color: "#8b1e3f"}}).addTo(map);
      L.marker([lat, lon]).addTo(map);
      map.fitBounds(layer.getBounds(), {maxZoom: 15});
    } else {
      L.marker([lat, lon]).addTo(map);
      map.setView([lat, lon], 9);
    }
    el.dataset.ready = "1";
  };

  // The page of search results on a map beside the list (areas for confidential places).
  window.shieldResultsMap = function () {
    const el = document.getElementById("results-map");
    const data = document.getElementById("results-points");
    if (!el || !data || el.dataset.ready) return;
    const map = baseMap(el);
    const layer = L.featureGroup().addTo(map);
    JSON.parse(data.textContent).forEach(p => propertyMarker(p.lat, p.lon, p).addTo(layer));
    map.fitBounds(layer.getBounds(), {maxZoom: 8, padding: [20, 20]});
    el.dataset.ready = "1";
  };

  // Every located record: as points the browser clusters (a registry of a few thousand),
  // or, past that, as the server's counts per grid cell, asked again as the reader moves.
  window.shieldWorldMap = function () {
    const el = document.getElementById("world-map");
    if (!el || el.dataset.started) return;
    el.dataset.started = "1";
    const map = baseMap(el).setView([40, 45], 4);
    const count = document.getElementById("map-count");
    const points = L.markerClusterGroup();
    const cells = L.featureGroup();
    map.addLayer(points).addLayer(cells);
    let asked = 0;

    function point(f) {
      const [lon, lat] = f.geometry.coordinates;
      return propertyMarker(lat, lon, f.properties);
    }

    function cell(f) {
      const [lon, lat] = f.geometry.coordinates;
      const n = f.properties.count;
      const size = n < 100 ? "small" : n < 10000 ? "medium" : "large";
      const icon = L.divIcon({html: "<div><span>" + n.toLocaleString() + "</span></div>",
                              className: "marker-cluster marker-cluster-" + size, iconSize: L.point(40, 40)});
      return L.marker([lat, lon], {icon: icon, title: String(n)})
        .on("click", () => map.setView([lat, lon], Math.min(map.getZoom() + 2, 18)));
    }

    function show(fc) {
      points.clearLayers();
      cells.clearLayers();
      fc.features.forEach(f => f.properties.cluster ? cells.addLayer(cell(f)) : points.addLayer(point(f)));
      count.textContent = fc.total + " ●";
    }

    function inView() {  // the view as the API's bbox: longitudes folded into -180..180
      const b = map.getBounds();
      let west = b.getWest(), east = b.getEast();
      if (east - west >= 360) {
        west = -180; east = 180;
      } else {
        west = L.Util.wrapNum(west, [-180, 180], true);
        east = L.Util.wrapNum(east, [-180, 180], true);
      }
      const box = [west, Math.max(-90, b.getSouth()), east, Math.min(90, b.getNorth())];
      return "?bbox=" + box.map(v => v.toFixed(4)).join(",") + "&zoom=" + map.getZoom();
    }

    function load(query) {
      const mine = ++asked;  // a slow answer to an earlier view is dropped
      return fetch(el.dataset.points + query).then(r => r.json()).then(fc => {
        if (mine === asked) show(fc);
        return fc;
      });
    }

    load("").then(fc => {
      const shown = fc.complete ? points : cells;
      if (fc.features.length) map.fitBounds(shown.getBounds(), {maxZoom: 8, padding: [20, 20]});
      if (!fc.complete) {  // counts per cell: ask again for the fitted view, and after each move
        map.on("moveend", () => load(inView()));
        load(inView());
      }
      el.dataset.ready = "1";
    });
  };

  document.addEventListener("DOMContentLoaded", () => {
    window.shieldPropertyMap();
    window.shieldResultsMap();
    window.shieldWorldMap();
  });
  // Search results swapped in by HTMX bring their own map.
  document.addEventListener("htmx:afterSwap", () => window.shieldResultsMap());
})();
