// The screening page's map: each click adds a target, as a line "lat, lon" of the targets field.
// Leaflet on the bundled land outline (web/maps.js's data- attributes say where it is).
(function () {
  function start() {
    const el = document.getElementById("screen-map");
    if (!el || !window.L) return;
    const field = document.getElementById(el.dataset.target);
    const map = L.map(el, {worldCopyJump: true, minZoom: 1, maxZoom: 18}).setView([20, 10], 2);
    map.attributionControl.setPrefix("Leaflet");
    const shield = window.SHIELD || {};
    if (shield.tiles) {
      L.tileLayer(shield.tiles, {maxZoom: 18}).addTo(map);
    } else if (shield.land && window.topojson) {
      el.style.background = "#cfe3f0";
      fetch(shield.land).then(r => r.json()).then(topo => {
        L.geoJSON(topojson.feature(topo, topo.objects.land), {
          style: {color: "#7a8a7a", weight: 1, fillColor: "#e9efe4", fillOpacity: 1}, interactive: false,
        }).addTo(map).bringToBack();
      });
    }
    map.on("click", function (e) {
      const lat = e.latlng.lat.toFixed(6);
      const lon = (((e.latlng.lng + 180) % 360 + 360) % 360 - 180).toFixed(6);
      L.circleMarker(e.latlng, {radius: 5, color: "#a4161a"}).addTo(map);
      field.value = (field.value.trim() ? field.value.trim() + "\n" : "") + lat + ", " + lon;
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
