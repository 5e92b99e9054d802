// Council.Workflows: the little script the pages use, and nothing works only with it. The registration form shows the
// due date as the date and kind are chosen (asking the server, which computes it as the engine will).
(function () {
  "use strict";
  // A field the browser finds wrong inside a closed section (the card's classifier fields) opens it, so the message shows.
  document.addEventListener("invalid", function (e) {
    var section = e.target.closest ? e.target.closest("details") : null;
    if (section && !section.open) { section.open = true; }
  }, true);
}());
(function () {
  "use strict";
  var form = document.querySelector("form[data-due-preview]");
  if (!form) { return; }
  var out = document.getElementById("due-preview");
  function update() {
    var data = new URLSearchParams();
    ["kind", "received", "deputy", "noStudy"].forEach(function (name) {
      var field = form.elements[name];
      if (field) { data.set(name, field.type === "checkbox" ? (field.checked ? "true" : "false") : field.value); }
    });
    var url = form.getAttribute("data-due-preview");
    fetch(url + (url.indexOf("?") >= 0 ? "&" : "?") + data.toString(), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (text) { out.textContent = text; });
  }
  ["kind", "received", "deputy", "noStudy"].forEach(function (name) {
    var field = form.elements[name];
    if (field) {
      field.addEventListener("change", update);
      // As it is typed: a date once it has its ten characters.
      if (field.type === "text") { field.addEventListener("input", function () { if (field.value.length >= 10) { update(); } }); }
    }
  });
  update();
}());
