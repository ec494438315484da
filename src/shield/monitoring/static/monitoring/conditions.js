// The condition map: circle markers coloured by each property's latest assessed condition.
(function () {
  const el = document.getElementById("condition-map");
  if (!el) return;
  const map = L.map(el, {worldCopyJump: true, minZoom: 2, maxZoom: 18}).setView([40, 45], 5);
  map.attributionControl.setPrefix("Leaflet");
  el.shieldMap = map;
  if (window.SHIELD.tiles) {
    L.tileLayer(window.SHIELD.tiles, {maxZoom: 18}).addTo(map);
  } else {
    fetch(window.SHIELD.land).then(r => r.json()).then(topo => {
      L.geoJSON(topojson.feature(topo, topo.objects.land),
        {style: {color: "#7a8a7a", weight: 1, fillColor: "#e9efe4", fillOpacity: 1}, interactive: false}).addTo(map);
    });
    el.style.background = "#cfe3f0";
  }
  fetch(el.dataset.points).then(r => r.json()).then(fc => {
    const layer = L.featureGroup();
    fc.features.forEach(f => {
      const [lon, lat] = f.geometry.coordinates, p = f.properties;
      const m = L.circleMarker([lat, lon], {radius: p.precision === "area" ? 12 : 8, color: p.colour,
        fillColor: p.colour, fillOpacity: 0.8, dashArray: p.precision === "area" ? "3" : null});
      const link = document.createElement("a");
      link.href = "/timeline/" + encodeURIComponent(p.code) + "/";
      link.textContent = p.name + ": " + p.condition_label + " (" + p.assessed_on + ")";
      m.bindPopup(window.shieldPopup(el, link, p.synthetic));  // maps.js: a synthetic one marked
      layer.addLayer(m);
    });
    layer.addTo(map);
    if (fc.features.length) map.fitBounds(layer.getBounds(), {maxZoom: 9, padding: [20, 20]});
    el.dataset.count = String(fc.features.length);
    el.dataset.ready = "1";
  });
})();
