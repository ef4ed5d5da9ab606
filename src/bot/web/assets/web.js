// Keeps a channel page current without a build step: polls a cheap version stamp and reloads when
// something new arrived, unless the person is typing or the page holds text that was not saved
// (a reload would lose it).
(function () {
  var main = document.querySelector('[data-version-url]');
  if (!main) return;
  var url = main.getAttribute('data-version-url');
  var current = main.getAttribute('data-version');
  var dirty = document.querySelector('[data-draft]') !== null;
  document.addEventListener('input', function () {
    dirty = true;
  });
  setInterval(function () {
    if (dirty || document.hidden) return;
    fetch(url, { credentials: 'same-origin' })
      .then(function (r) {
        return r.ok ? r.text() : current;
      })
      .then(function (v) {
        if (v !== current) location.reload();
      })
      .catch(function () {});
  }, 2000);
})();

// Character counters (text-field.ts): the count as you type, a clear line when the limit is
// reached, and an over-long text blocked from sending instead of being cut.
(function () {
  var lang = document.documentElement.lang === 'en' ? 'en-GB' : 'nl-NL';
  function number(n) {
    return n.toLocaleString(lang);
  }
  function update(field) {
    var counter = document.getElementById(field.getAttribute('aria-describedby'));
    if (!counter) return;
    var max = Number(field.getAttribute('data-max'));
    var length = field.value.length;
    var text = counter.getAttribute('data-count').replace('{count}', number(length));
    var problem = '';
    if (length > max) problem = counter.getAttribute('data-over').replace('{over}', number(length - max));
    else if (length === max) text = text + ' · ' + counter.getAttribute('data-full');
    counter.textContent = problem || text;
    counter.className = 'counter' + (problem ? ' over' : length === max ? ' full' : '');
    field.setCustomValidity(problem);
    field.setAttribute('aria-invalid', problem ? 'true' : 'false');
  }
  var fields = document.querySelectorAll('[data-max]');
  for (var i = 0; i < fields.length; i += 1) {
    update(fields[i]);
    fields[i].addEventListener('input', function (event) {
      update(event.target);
    });
  }
})();
