// Maps of the KMN staff pages, drawn with Leaflet from the embedded
// district boundaries only (no tile server, no third-party requests).
// Every map element carries its data in data-* attributes; the page works
// without this script (the lists beside the maps hold the same facts).
(function () {
  "use strict";
  if (!window.L) { return; }

  function draw(el, geojson) {
    var highlight = (el.dataset.districts || "").split(",").filter(Boolean);
    var map = L.map(el, { attributionControl: false, zoomSnap: 0.25, scrollWheelZoom: false });
    var layer = L.geoJSON(geojson, {
      style: function (f) {
        var on = highlight.indexOf(f.properties.ags) >= 0;
        return { color: "#0b4f8a", weight: on ? 2 : 1, fillColor: on ? "#0b4f8a" : "#c9d1da", fillOpacity: on ? 0.35 : 0.15 };
      },
      onEachFeature: function (f, l) { l.bindTooltip(f.properties.name); }
    });
    // Leaflet needs a view before it can draw vector layers.
    if (el.dataset.lat && el.dataset.lon) {
      var pos = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)];
      map.setView(pos, 10);
      layer.addTo(map);
      L.circleMarker(pos, { radius: 8, color: "#a4161a", weight: 3, fillOpacity: 0.8 }).addTo(map).bindTooltip(el.dataset.label || "");
      return;
    }
    var bounds = layer.getBounds();
    if (highlight.length) {
      var sel = L.featureGroup();
      layer.eachLayer(function (l) { if (highlight.indexOf(l.feature.properties.ags) >= 0) { sel.addLayer(l); } });
      if (sel.getLayers().length) { bounds = sel.getBounds(); }
    }
    map.fitBounds(bounds, { padding: [8, 8] });
    layer.addTo(map);
  }

  var maps = document.querySelectorAll(".map[data-geojson]");
  if (!maps.length) { return; }
  fetch(maps[0].dataset.geojson, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (g) { maps.forEach(function (el) { draw(el, g); }); })
    .catch(function (e) { console.error("map: " + e); /* the lists beside the map still say everything */ });
})();
