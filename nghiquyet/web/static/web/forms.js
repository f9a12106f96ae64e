// Before a form is sent: text larger than the server reads at once (data-max-post) would be refused with
// nothing saved. Stop the sending here instead, with the text still in the page, and say what to do (#16).
(function () {
  "use strict";
  var limit = parseInt(document.body.dataset.maxPost || "0", 10);
  if (!limit || !window.TextEncoder) return;
  var encoder = new TextEncoder();
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var size = 0;
    for (var i = 0; i < form.elements.length; i++) {
      var field = form.elements[i];
      if (field.name && field.type !== "file" && typeof field.value === "string") {
        size += encoder.encode(field.name + "=" + field.value).length + 1;
      }
    }
    var old = form.querySelector(".nq-too-large");
    if (old) old.remove();
    if (size <= limit) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    var note = document.createElement("p");
    note.className = "msg msg-error nq-too-large";
    note.setAttribute("role", "alert");
    note.textContent = document.body.dataset.tooLarge
      .replace("{size}", (size / 1048576).toFixed(1))
      .replace("{limit}", (limit / 1048576).toFixed(0));
    form.prepend(note);
    note.scrollIntoView({ block: "center" });
  }, true);
})();
