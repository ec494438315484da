// Maps: Leaflet on a bundled land outline; online tiles only when the server names them.
// No page has an inline script (the Content-Security-Policy allows none): this script's own
// data- attributes say where the land outline is and which tiles to use, and it starts the
// map of whichever page it is on. Words shown on a map come from the page (data- attributes
// of the map's element), so that they are in the reader's language.
(function () {
  const me = document.currentScript;
  window.SHIELD = window.SHIELD || {land: me.dataset.land, tiles: me.dataset.tiles || ""};
  const LAND = {color: "#7a8a7a", weight: 1, fillColor: "#e9efe4", fillOpacity: 1};
  const SEA = "#cfe3f0";
  const AREA = {color: "#b35c00", weight: 2, dashArray: "4", fillColor: "#b35c00", fillOpacity: 0.15};
  let land = null;

  // The land outline (cut at the antimeridian: no band of land across the world), read once.
  function landShapes() {
    land = land || fetch(window.SHIELD.land).then(r => r.json())
      .then(topo => topojson.feature(topo, topo.objects.land));
    return land;
  }

  function addLand(map, el) {
    if (window.SHIELD.tiles) {
      L.tileLayer(window.SHIELD.tiles, {maxZoom: 18}).addTo(map);
      return Promise.resolve();
    }
    el.style.background = SEA;
    return landShapes().then(shapes => {
      const layer = L.geoJSON(shapes, {style: LAND, interactive: false}).addTo(map);
      layer.bringToBack();
      map.shieldLand = layer;
      el.dataset.land = "1";
    });
  }

  function baseMap(el, options) {
    const map = L.map(el, Object.assign({worldCopyJump: true, minZoom: 1, maxZoom: 18}, options || {}));
    // A plain attribution: the map takes no side in any conflict.
    map.attributionControl.setPrefix("Leaflet");
    el.shieldMap = map;
    addLand(map, el);
    return map;
  }

  // A small world map in a corner, with the main map's view drawn on it: where on Earth this is.
  const Locator = L.Control.extend({
    options: {position: "topright"},
    onAdd: function (main) {
      const box = L.DomUtil.create("div", "locator");
      box.setAttribute("aria-hidden", "true");
      L.DomEvent.disableClickPropagation(box);
      this._main = main;
      this._box = box;
      return box;
    },
    start: function () {
      const main = this._main;
      const inset = L.map(this._box, {
        attributionControl: false, zoomControl: false, dragging: false, scrollWheelZoom: false,
        doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false, tap: false,
        minZoom: 0,
      });
      addLand(inset, this._box);
      const view = L.rectangle(main.getBounds(), {color: "#a4161a", weight: 2, fill: false, interactive: false}).addTo(inset);
      const spot = L.circleMarker(main.getCenter(), {radius: 3, color: "#a4161a", fillOpacity: 1, interactive: false}).addTo(inset);
      const follow = () => {
        inset.setView(main.getCenter(), Math.max(0, Math.min(main.getZoom() - 5, 4)), {animate: false});
        view.setBounds(main.getBounds());
        spot.setLatLng(main.getCenter());
      };
      main.on("moveend", follow);
      follow();
      this._main.getContainer().dataset.locator = "1";
    },
  });

  function withLocator(map) {
    const locator = new Locator();
    map.addControl(locator);
    locator.start();
    L.control.scale({imperial: false}).addTo(map);
    return locator;
  }

  function link(code, name) {
    const a = document.createElement("a");
    a.href = "/property/" + encodeURIComponent(code) + "/";
    a.textContent = name;
    return a;
  }

  // The mark of an invented (synthetic) record, as the pages' badge: words, not a colour only,
  // in the page's language (the map element's data-synthetic-label).
  function syntheticBadge(el) {
    const badge = document.createElement("span");
    badge.className = "badge badge-synthetic";
    badge.dataset.synthetic = "true";
    badge.style.cssText = "background: #fff7ed; color: #7c2d12; border: 1px solid #b45309;";
    badge.textContent = el.dataset.syntheticLabel || "";
    return badge;
  }

  // A popup's content: what it names and, for a synthetic record, its mark beside it.
  window.shieldPopup = function (el, content, synthetic) {
    if (!synthetic) return content;
    const box = document.createElement("div");
    box.className = "popup-synthetic";
    box.appendChild(content);
    box.appendChild(document.createTextNode(" "));
    box.appendChild(syntheticBadge(el));
    return box;
  };

  // A property on an overview map (element ``el``), linking to its page: a point, or a dashed
  // ring standing for its ~10 km area where only that may be shown.
  function propertyMarker(el, lat, lon, p) {
    const m = p.precision === "area"
      ? L.circleMarker([lat, lon], Object.assign({radius: 12}, AREA))
      : L.marker([lat, lon]);
    return m.bindPopup(window.shieldPopup(el, link(p.code, p.name), p.synthetic));
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
      const rect = L.rectangle([[s, w], [n, e]], AREA).addTo(map);
      map.fitBounds(rect.getBounds(), {maxZoom: 8});
    } else if (boundary) {
      const layer = L.geoJSON(boundary, {style: {color: "#8b1e3f"}}).addTo(map);
      L.marker([lat, lon]).addTo(map);
      map.fitBounds(layer.getBounds(), {maxZoom: 12});
    } else {
      L.marker([lat, lon]).addTo(map);
      map.setView([lat, lon], 7);
    }
    withLocator(map);
    el.dataset.ready = "1";
  };

  // The page of search results on a map beside the list (areas for confidential places).
  window.shieldResultsMap = function () {
    const el = document.getElementById("results-map");
    const data = document.getElementById("results-points");
    if (!el || !data || el.dataset.ready) return;
    const map = baseMap(el);
    const layer = L.featureGroup().addTo(map);
    JSON.parse(data.textContent).forEach(p => propertyMarker(el, p.lat, p.lon, p).addTo(layer));
    map.fitBounds(layer.getBounds(), {maxZoom: 8, padding: [20, 20]});
    el.dataset.ready = "1";
  };

  function countText(el, n) {
    const lang = document.documentElement.lang || undefined;
    const words = n === 1 ? el.dataset.countOne : el.dataset.countOther;
    return (words || "{n}").replace("{n}", n.toLocaleString(lang));
  }

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
      return propertyMarker(el, lat, lon, f.properties);
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
      fc.features.filter(f => f.geometry)
        .forEach(f => f.properties.cluster ? cells.addLayer(cell(f)) : points.addLayer(point(f)));
      if (count) count.textContent = countText(el, fc.total);
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

  // The List: every entry with a location, by its level (filled: enhanced; hollow: provisional
  // enhanced; a dashed ring: a confidential location, shown as its ~10 km area). The page's legend
  // says which is which, and lists the entries without a location.
  window.shieldListMap = function () {
    const el = document.getElementById("list-map");
    if (!el || el.dataset.started) return;
    el.dataset.started = "1";
    const map = baseMap(el).setView([30, 20], 2);
    const layer = L.featureGroup().addTo(map);
    fetch(el.dataset.points).then(r => r.json()).then(fc => {
      let shown = 0;
      fc.features.forEach(f => {
        if (!f.geometry) return;
        const [lon, lat] = f.geometry.coordinates, p = f.properties;
        const hollow = p.level === "provisional_enhanced";
        const style = {radius: 7, color: "#0b5d7a", weight: 2, fillColor: hollow ? "#fff" : "#0b5d7a", fillOpacity: 1};
        if (p.precision === "area") Object.assign(style, {radius: 10, color: "#b35c00", dashArray: "3"});
        L.circleMarker([lat, lon], style)
          .bindPopup(window.shieldPopup(el, link(p.code, p.name + " (" + (p.state_name || p.state) + ")"), p.synthetic))
          .addTo(layer);
        shown += 1;
      });
      const count = document.getElementById("list-map-count");
      if (count) count.textContent = countText(el, shown);
      el.dataset.shown = String(shown);
      if (shown) map.fitBounds(layer.getBounds(), {maxZoom: 6, padding: [20, 20]});
      el.dataset.ready = "1";
    });
  };

  document.addEventListener("DOMContentLoaded", () => {
    window.shieldPropertyMap();
    window.shieldResultsMap();
    window.shieldWorldMap();
    window.shieldListMap();
  });
  // Search results swapped in by HTMX bring their own map.
  document.addEventListener("htmx:afterSwap", () => window.shieldResultsMap());
})();
