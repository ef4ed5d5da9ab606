// Keeps a channel page current without a build step: polls a cheap version stamp and reloads when
// something new arrived, unless the person is typing (a reload would lose their text).
(function () {
  var main = document.querySelector('[data-version-url]');
  if (!main) return;
  var url = main.getAttribute('data-version-url');
  var current = main.getAttribute('data-version');
  var dirty = false;
  document.addEventListener('input', function () { dirty = true; });
  setInterval(function () {
    if (dirty || document.hidden) return;
    fetch(url, { credentials: 'same-origin' }).then(function (r) { return r.ok ? r.text() : current; }).then(function (v) {
      if (v !== current) location.reload();
    }).catch(function () {});
  }, 2000);
})();
