// The Teams tab's client: inside Teams, sign in with the Teams SSO token and open the dashboard;
// in a plain browser, say so at once and offer the web sign-in. Plain browser JavaScript, no build.
(function () {
  'use strict';
  var status = document.getElementById('tab-status');
  var fallback = document.getElementById('tab-fallback');
  var texts = JSON.parse(document.getElementById('tab-texts').textContent);

  function show(text, offerLink) {
    status.textContent = text;
    fallback.hidden = !offerLink;
    document.body.setAttribute('data-state', offerLink ? 'outside' : 'working');
  }

  function timeout(ms) {
    return new Promise(function (_resolve, reject) {
      setTimeout(function () {
        reject(new Error('timeout'));
      }, ms);
    });
  }

  // Teams hosts tabs in a frame (desktop, web) or a webview with a native bridge (mobile). A top-level
  // page with neither is a plain browser: no need to wait for a handshake that never comes.
  var hosted = window.self !== window.top || Boolean(window.nativeInterface);
  var teams = window.microsoftTeams;
  if (!hosted || !teams) {
    show(texts.outside, true);
    document.body.setAttribute('data-state', 'outside');
    return;
  }

  var ready = Promise.race([teams.app.initialize(), timeout(4000)]);

  // Adding the team tab: nothing to choose, so the tab is valid at once and saves itself.
  if (document.body.getAttribute('data-scope') === 'config') {
    ready.then(
      function () {
        teams.pages.config.registerOnSaveHandler(function (saveEvent) {
          var origin = window.location.origin;
          teams.pages.config
            .setConfig({
              entityId: 'vijfvragen-team',
              contentUrl: origin + '/teams/tab?scope=team',
              websiteUrl: origin + '/dashboard',
              suggestedDisplayName: 'Vijf Vragen',
            })
            .then(
              function () {
                saveEvent.notifySuccess();
              },
              function (error) {
                saveEvent.notifyFailure(String(error));
              },
            );
        });
        teams.pages.config.setValidityState(true);
        document.body.setAttribute('data-state', 'config');
      },
      function () {
        show(texts.failed, true);
      },
    );
    return;
  }

  ready
    .then(function () {
      return teams.app.getContext();
    })
    .then(function (context) {
      return teams.authentication.getAuthToken().then(function (token) {
        var channelId = context && context.channel ? context.channel.id || null : null;
        return fetch('/teams/tab/session', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token: token, channelId: channelId }),
        });
      });
    })
    .then(function (res) {
      if (res.status === 403) throw new Error('unknown');
      if (!res.ok) throw new Error('failed');
      return res.json();
    })
    .then(function (body) {
      document.body.setAttribute('data-state', 'signed-in');
      window.location.assign(body.redirect || '/dashboard');
    })
    .catch(function (error) {
      show(error && error.message === 'unknown' ? texts.unknown : texts.failed, true);
      document.body.setAttribute('data-state', 'failed');
    });
})();
