// Kamishop admin: the few things a plain form cannot do. No inline scripts (the CSP forbids them).
(function () {
  'use strict';

  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : '';
  }

  // Forms and buttons that ask before they act.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var question = form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  }, true);

  // Key files of any size: sent in pieces cut at line ends, each its own request, with progress.
  // Duplicates across pieces are still caught: the server dedupes against everything stored.
  function setupKeyUpload() {
    var form = document.getElementById('file-form');
    if (!form) { return; }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var input = document.getElementById('key-file');
      var file = input.files && input.files[0];
      if (!file) { return; }
      var url = form.getAttribute('data-chunk-url');
      var pieceBytes = parseInt(form.getAttribute('data-chunk-bytes'), 10) || 524288;
      var progress = document.getElementById('upload-progress');
      var percent = document.getElementById('upload-percent');
      var report = document.getElementById('upload-report');
      var state = document.getElementById('upload-state');
      var problems = document.getElementById('upload-problems');
      var totals = { imported: 0, duplicates: 0, rejected: 0 };
      var offset = 0;
      var linesBefore = 0;
      var carry = new Uint8Array(0);
      var button = document.getElementById('file-import');
      button.disabled = true;
      report.hidden = false;
      state.textContent = '';
      state.removeAttribute('data-finished');
      problems.textContent = '';

      function show() {
        var value = file.size === 0 ? 100 : Math.floor(offset * 100 / file.size);
        progress.value = value;
        percent.textContent = value + '%';
        document.getElementById('upload-imported').textContent = totals.imported;
        document.getElementById('upload-duplicates').textContent = totals.duplicates;
        document.getElementById('upload-rejected').textContent = totals.rejected;
      }

      function fail(message) {
        state.textContent = state.getAttribute('data-failed') + ' ' + message;
        state.setAttribute('data-finished', 'failed');
        button.disabled = false;
      }

      function next() {
        var end = Math.min(file.size, offset + pieceBytes);
        file.slice(offset, end).arrayBuffer().then(function (buffer) {
          var bytes = new Uint8Array(carry.length + buffer.byteLength);
          bytes.set(carry, 0);
          bytes.set(new Uint8Array(buffer), carry.length);
          var last = end >= file.size;
          var cut = bytes.length;
          if (!last) {
            cut = bytes.lastIndexOf(10) + 1; // keep a partial last line for the next piece
            if (cut === 0) { cut = bytes.length; }
          }
          var body = bytes.subarray(0, cut);
          carry = bytes.slice(cut);
          return fetch(url + (last ? '?last=true' : ''), {
            method: 'POST', credentials: 'same-origin', body: body,
            headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-CSRF-Token': csrf(), 'Accept': 'application/json' }
          }).then(function (response) {
            return response.json().then(function (json) {
              if (!response.ok) { throw new Error(json.error ? json.error.message : response.status); }
              totals.imported += json.imported;
              totals.duplicates += json.duplicates;
              totals.rejected += json.rejected;
              (json.problems || []).forEach(function (p) {
                var li = document.createElement('li');
                li.textContent = (linesBefore + p.line) + ': ' + p.reason;
                problems.appendChild(li);
              });
              for (var i = 0; i < body.length; i++) { if (body[i] === 10) { linesBefore++; } }
              offset = end;
              show();
              if (last) {
                state.textContent = state.getAttribute('data-done');
                state.setAttribute('data-finished', 'done');
                button.disabled = false;
                if (window.htmx) { window.htmx.trigger(document.body, 'stockChanged'); }
              } else {
                next();
              }
            });
          });
        }).catch(function (error) { fail(error.message); });
      }
      show();
      next();
    });
  }

  // Plugin upload and uninstall go to the plugin API with the session and the CSRF header.
  function setupPlugins() {
    var upload = document.getElementById('plugin-upload');
    if (upload) {
      upload.addEventListener('submit', function (event) {
        event.preventDefault();
        var file = document.getElementById('plugin-file').files[0];
        var result = document.getElementById('plugin-upload-result');
        if (!file) { return; }
        fetch('/api/admin/plugins', {
          method: 'POST', credentials: 'same-origin', body: file,
          headers: { 'Content-Type': 'application/octet-stream', 'X-CSRF-Token': csrf(), 'Accept': 'application/json' }
        }).then(function (response) {
          return response.text().then(function (text) {
            if (response.ok) { window.location.reload(); return; }
            var message = text;
            try { message = JSON.parse(text).error.message; } catch (e) { /* not JSON */ }
            result.textContent = result.getAttribute('data-failed') + ' ' + message;
          });
        });
      });
    }
    var uninstall = document.querySelector('[data-uninstall]');
    if (uninstall) {
      uninstall.addEventListener('click', function () {
        if (!window.confirm(uninstall.getAttribute('data-confirm'))) { return; }
        fetch('/api/admin/plugins/' + encodeURIComponent(uninstall.getAttribute('data-uninstall')), {
          method: 'DELETE', credentials: 'same-origin', headers: { 'X-CSRF-Token': csrf(), 'Accept': 'application/json' }
        }).then(function (response) {
          if (response.ok) { window.location.href = '/admin/plugins'; return; }
          return response.text().then(function (text) {
            window.alert(uninstall.getAttribute('data-failed') + ' ' + text);
          });
        });
      });
    }
  }

  // "Send a test" of a notifier plugin: the plugin API's test action, its answer shown in place.
  function setupPluginTest() {
    var button = document.querySelector('[data-test-plugin]');
    var result = document.getElementById('test-result');
    if (!button || !result) { return; }
    button.addEventListener('click', function () {
      button.disabled = true;
      result.textContent = button.getAttribute('data-sending');
      result.removeAttribute('data-finished');
      fetch('/api/admin/plugins/' + encodeURIComponent(button.getAttribute('data-test-plugin')) + '/test', {
        method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-Token': csrf(), 'Accept': 'application/json' }
      }).then(function (response) {
        return response.text().then(function (text) {
          var message = text;
          try { message = JSON.parse(text).error.message; } catch (e) { /* not JSON */ }
          result.textContent = response.ok ? button.getAttribute('data-sent') : button.getAttribute('data-failed') + ' ' + message;
          result.setAttribute('data-finished', response.ok ? 'sent' : 'failed');
        });
      }).catch(function (error) {
        result.textContent = button.getAttribute('data-failed') + ' ' + error.message;
        result.setAttribute('data-finished', 'failed');
      }).then(function () { button.disabled = false; });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    setupKeyUpload();
    setupPlugins();
    setupPluginTest();
  });

  // Copy a notify URL: the field is selectable without script; the button saves the select-and-copy.
  document.addEventListener('click', function (event) {
    var button = event.target.closest ? event.target.closest('button[data-copy]') : null;
    if (!button) { return; }
    var field = document.getElementById(button.getAttribute('data-copy'));
    if (!field) { return; }
    field.select();
    var done = function () { button.textContent = button.getAttribute('data-copied'); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand('copy'); done(); });
    } else {
      document.execCommand('copy');
      done();
    }
  });

  // On a phone every table is drawn as cards (admin.css): each cell is labelled with its column's header
  // (unless the template labelled it), and since display: block takes the table semantics away, the roles
  // are given back so a screen reader still reads a table.
  function labelCells(root) {
    var tables = root.querySelectorAll('table');
    for (var i = 0; i < tables.length; i++) {
      var table = tables[i];
      var labels = [];
      var head = table.tHead && table.tHead.rows.length ? table.tHead.rows[0] : null;
      if (head) {
        for (var h = 0; h < head.cells.length; h++) {
          var span = head.cells[h].colSpan || 1;
          for (var s = 0; s < span; s++) { labels.push(head.cells[h].textContent.trim()); }
          head.cells[h].setAttribute('role', 'columnheader');
        }
        head.setAttribute('role', 'row');
        table.tHead.setAttribute('role', 'rowgroup');
      }
      table.setAttribute('role', 'table');
      for (var b = 0; b < table.tBodies.length; b++) {
        var body = table.tBodies[b];
        body.setAttribute('role', 'rowgroup');
        for (var r = 0; r < body.rows.length; r++) {
          var row = body.rows[r];
          row.setAttribute('role', 'row');
          var column = 0;
          for (var c = 0; c < row.cells.length; c++) {
            var cell = row.cells[c];
            cell.setAttribute('role', cell.tagName === 'TH' ? 'rowheader' : 'cell');
            // A cell across the whole row ("none", "older") is a note, not a column's value.
            if (!cell.hasAttribute('data-label')) {
              cell.setAttribute('data-label', cell.colSpan > 1 ? '' : (labels[column] || ''));
            }
            column += cell.colSpan || 1;
          }
        }
      }
    }
  }
  document.addEventListener('DOMContentLoaded', function () { labelCells(document); });
  document.addEventListener('htmx:afterSwap', function () { labelCells(document); });

  // A table wider than a phone scrolls inside itself (admin.css); keyboard users must be able to reach
  // and scroll it too, so such a table takes focus.
  function focusableScrollers() {
    var tables = document.querySelectorAll('table');
    for (var i = 0; i < tables.length; i++) {
      if (tables[i].scrollWidth > tables[i].clientWidth && !tables[i].hasAttribute('tabindex')) {
        tables[i].setAttribute('tabindex', '0');
      }
    }
  }
  document.addEventListener('DOMContentLoaded', focusableScrollers);
  window.addEventListener('resize', focusableScrollers);
}());
