// Public office finder: optional additions to pages that work without
// JavaScript. (1) "Use my location" fills the hidden lat/lon fields and
// submits the search. (2) The results and office maps: district
// boundaries from /geo/districts.geojson and office markers, grouped with
// Leaflet.markercluster where dense. (3) The print button of the print view.
(function () {
  "use strict";

  function locate() {
    var button = document.getElementById("locate");
    if (!button || !navigator.geolocation) { return; }
    var form = button.form, status = document.getElementById("locate-status");
    var q = document.getElementById("q"), lat = document.getElementById("lat"), lon = document.getElementById("lon");
    button.hidden = false;
    // A typed place wins over an earlier location.
    q.addEventListener("input", function () { lat.value = ""; lon.value = ""; });
    button.addEventListener("click", function () {
      status.textContent = button.dataset.locating;
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(function (pos) {
        lat.value = pos.coords.latitude.toFixed(5);
        lon.value = pos.coords.longitude.toFixed(5);
        q.value = "";
        form.submit();
      }, function () {
        status.textContent = button.dataset.failed;
        button.disabled = false;
      }, { timeout: 15000, maximumAge: 600000 });
    });
  }

  function printButton() {
    var b = document.getElementById("print-button");
    if (!b) { return; }
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  }

  function officeIcon() {
    return L.divIcon({ className: "office-marker", iconSize: [16, 16] });
  }

  function draw(el, geojson) {
    var map = L.map(el, { attributionControl: false, zoomSnap: 0.25, scrollWheelZoom: false, minZoom: 6, maxZoom: 16 });
    var districts = L.geoJSON(geojson, {
      style: function () { return { color: "#0b4f8a", weight: 1.5, fillColor: "#ffffff", fillOpacity: 0.6 }; },
      interactive: false
    });
    var markers = [];
    if (el.dataset.list) {
      document.querySelectorAll(el.dataset.list + " [data-lat]").forEach(function (li) {
        var m = L.marker([parseFloat(li.dataset.lat), parseFloat(li.dataset.lon)], { icon: officeIcon(), title: li.dataset.name, alt: li.dataset.name });
        m.on("click", function () { window.location.href = li.dataset.href; });
        m.bindTooltip(li.dataset.name);
        markers.push(m);
      });
    } else if (el.dataset.lat) {
      markers.push(L.marker([parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)], { icon: officeIcon(), title: el.dataset.name, alt: el.dataset.name, keyboard: false }).bindTooltip(el.dataset.name));
    }
    // Leaflet needs a view before it can draw vector layers.
    if (el.dataset.lat && !el.dataset.list) {
      map.setView([parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)], 11);
    } else if (markers.length) {
      var b = L.latLngBounds(markers.map(function (m) { return m.getLatLng(); }));
      if (el.dataset.originLat) { b.extend([parseFloat(el.dataset.originLat), parseFloat(el.dataset.originLon)]); }
      map.fitBounds(b, { padding: [24, 24], maxZoom: 10 });
    } else {
      map.fitBounds(districts.getBounds());
    }
    districts.addTo(map);
    if (el.dataset.originLat) {
      L.marker([parseFloat(el.dataset.originLat), parseFloat(el.dataset.originLon)], {
        icon: L.divIcon({ className: "origin-marker", iconSize: [14, 14] }), keyboard: false, interactive: false
      }).addTo(map);
    }
    var group = L.markerClusterGroup ? L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 }) : L.layerGroup();
    markers.forEach(function (m) { group.addLayer(m); });
    group.addTo(map);
    el.dataset.markers = String(markers.length);
  }

  function maps() {
    var els = document.querySelectorAll(".public-map[data-geojson]");
    if (!els.length || !window.L) { return; }
    fetch(els[0].dataset.geojson, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (g) { els.forEach(function (el) { draw(el, g); }); })
      .catch(function (e) { console.error("map: " + e); /* the list beside the map says everything */ });
  }

  // Shorter, shareable URLs: empty fields are not sent. (Back navigation
  // may restore the page from the cache: enable them again.)
  function tidyForm() {
    var form = document.querySelector(".finder-form");
    if (!form) { return; }
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.elements, function (e) {
        if (e.name && e.value === "" && !e.disabled) { e.disabled = true; e.dataset.tidied = "1"; }
      });
    });
    window.addEventListener("pageshow", function () {
      form.querySelectorAll("[data-tidied]").forEach(function (e) { e.disabled = false; delete e.dataset.tidied; });
    });
  }

  locate();
  tidyForm();
  printButton();
  maps();
})();
