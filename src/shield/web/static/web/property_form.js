// The property form: rows added without a page load, and a map that sets the point.
// No inline script (the Content-Security-Policy allows none); without JavaScript the
// "Add a row" buttons ask the server for one more row, and the point is typed.
(function () {
  function addRow(name) {
    const total = document.getElementById("id_" + name + "-TOTAL_FORMS");
    const template = document.getElementById(name + "-empty");
    const rows = document.getElementById(name + "-rows");
    if (!total || !template || !rows) return false;
    const index = parseInt(total.value, 10);
    const html = template.innerHTML.replace(/__prefix__/g, String(index));
    const holder = document.createElement("div");
    holder.innerHTML = html;
    const row = holder.firstElementChild;
    rows.appendChild(row);
    total.value = String(index + 1);
    const first = row.querySelector("input, select, textarea");
    if (first) first.focus();
    return true;
  }

  function picker() {
    const el = document.getElementById("picker-map");
    if (!el || typeof L === "undefined") return;
    const latInput = document.getElementById(el.dataset.lat);
    const lonInput = document.getElementById(el.dataset.lon);
    const map = L.map(el, {worldCopyJump: true, minZoom: 2, maxZoom: 18});
    map.attributionControl.setPrefix("Leaflet");
    const shield = window.SHIELD || {};
    if (shield.tiles) {
      L.tileLayer(shield.tiles, {maxZoom: 18}).addTo(map);
    } else if (shield.land && typeof topojson !== "undefined") {
      fetch(shield.land).then(r => r.json()).then(topo => {
        const land = topojson.feature(topo, topo.objects.land);
        L.geoJSON(land, {style: {color: "#7a8a7a", weight: 1, fillColor: "#e9efe4", fillOpacity: 1}, interactive: false}).addTo(map);
      });
      el.style.background = "#cfe3f0";
    }
    let marker = null;
    function point() {
      const lat = parseFloat(latInput.value), lon = parseFloat(lonInput.value);
      return isFinite(lat) && isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? [lat, lon] : null;
    }
    function place(p) {
      if (!p) return;
      if (marker) marker.setLatLng(p); else marker = L.marker(p).addTo(map);
    }
    const start = point();
    if (start) { place(start); map.setView(start, 9); } else { map.setView([30, 20], 2); }
    map.on("click", e => {
      const ll = e.latlng.wrap();
      latInput.value = ll.lat.toFixed(6);
      lonInput.value = ll.lng.toFixed(6);
      place([ll.lat, ll.lng]);
      latInput.dispatchEvent(new Event("change", {bubbles: true}));
    });
    [latInput, lonInput].forEach(input => input.addEventListener("input", () => place(point())));
    el.dataset.ready = "1";
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("button[data-add-row]").forEach(button => {
      button.addEventListener("click", event => {
        if (addRow(button.dataset.addRow)) event.preventDefault();
      });
    });
    picker();
  });
})();
