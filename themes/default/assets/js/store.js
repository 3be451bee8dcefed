/* Kamishop default theme: copy buttons, an order page that follows its payment, gateway form hand-off.
   Plain script, no build step, nothing inline (the store's Content-Security-Policy forbids inline code). */
(function () {
  'use strict';

  function legacyCopy(text) {
    return new Promise(function (resolve, reject) {
      var area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.className = 'offscreen';
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error('copy refused')); }
    });
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(text); });
    }
    return legacyCopy(text);
  }

  function textToCopy(button) {
    if (button.hasAttribute('data-copy')) { return button.getAttribute('data-copy'); }
    var parts = document.querySelectorAll(button.getAttribute('data-copy-all'));
    return Array.prototype.map.call(parts, function (el) { return el.textContent; }).join('\n');
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest ? event.target.closest('button[data-copy], button[data-copy-all]') : null;
    if (!button) { return; }
    copyText(textToCopy(button)).then(function () {
      if (!button.hasAttribute('data-label')) { button.setAttribute('data-label', button.textContent); }
      button.textContent = button.getAttribute('data-copied');
      button.classList.add('copied');
      setTimeout(function () {
        button.textContent = button.getAttribute('data-label');
        button.classList.remove('copied');
      }, 2500);
    }, function () {
      // The browser refused: select the key so the buyer can copy it by hand.
      var code = button.parentNode.querySelector('.key');
      if (code && window.getSelection) {
        var range = document.createRange();
        range.selectNodeContents(code);
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
      }
    });
  });

  // While an order waits for its payment, ask the order API every few seconds; when the status
  // changes, reload so the server renders the new state (and the keys) in the buyer's language.
  var status = document.querySelector('[data-poll-url]');
  if (status) {
    var url = status.getAttribute('data-poll-url');
    var current = status.getAttribute('data-status');
    var polls = 0;
    var schedule = function () {
      polls += 1;
      setTimeout(poll, polls < 60 ? 2000 : 15000);
    };
    var poll = function () {
      if (document.hidden) { schedule(); return; }
      fetch(url, { cache: 'no-store', headers: { 'Accept': 'application/json' } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (order) {
          if (order && order.status && order.status !== current) {
            window.location.reload();
          } else {
            schedule();
          }
        }, schedule);
    };
    schedule();
  }

  // Buttons that only a browser without script needs (re-sort, update the total) step aside.
  document.documentElement.classList.add('js');

  // A new sort order is applied as soon as it is chosen.
  Array.prototype.forEach.call(document.querySelectorAll('select[data-autosubmit-change]'), function (select) {
    select.addEventListener('change', function () { select.form.submit(); });
  });

  // The product page's total follows the quantity: the quote API prices it at its wholesale tier, with
  // each channel's fee. Without script the "update total" button asks the server for the same page.
  var checkout = document.querySelector('form[data-quote-url]');
  if (checkout) {
    var quantityInput = checkout.querySelector('#quantity');
    var money = function (minor, currency) {
      try {
        var digits = new Intl.NumberFormat('en', { style: 'currency', currency: currency }).resolvedOptions().maximumFractionDigits;
        return new Intl.NumberFormat(checkout.getAttribute('data-lang'), { style: 'currency', currency: currency })
          .format(minor / Math.pow(10, digits));
      } catch (e) {
        return minor + ' ' + currency;
      }
    };
    var asked = 0;
    var requote = function () {
      var quantity = parseInt(quantityInput.value, 10);
      if (!(quantity >= 1)) { return; }
      var ticket = ++asked;
      fetch(checkout.getAttribute('data-quote-url') + '?quantity=' + quantity, { headers: { 'Accept': 'application/json' } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (quote) {
          // Only the answer to the latest quantity typed may write the total.
          if (!quote || ticket !== asked) { return; }
          document.getElementById('total').textContent = money(quote.amount, quote.currency);
          document.getElementById('unit-price').textContent = money(quote.unitPrice, quote.currency);
          Array.prototype.forEach.call(document.querySelectorAll('#tiers tr.tier'), function (row) {
            var max = row.getAttribute('data-max');
            var inRow = quantity >= parseInt(row.getAttribute('data-min'), 10) && (max === null || quantity <= parseInt(max, 10));
            row.classList.toggle('current', inRow);
          });
          var feeText = checkout.getAttribute('data-fee-text');
          quote.channels.forEach(function (channel) {
            var fee = document.querySelector('.fee[data-channel="' + channel.id + '"]');
            if (fee) {
              fee.textContent = channel.fee > 0
                ? ' ' + feeText.replace('{fee}', money(channel.fee, quote.currency)).replace('{total}', money(channel.amount, quote.currency))
                : '';
            }
          });
        }, function () { /* the server-rendered total stays; the order is priced again when placed */ });
    };
    quantityInput.addEventListener('input', requote);
  }

  // A gateway that needs a form posted (instead of a link) gets it posted for the buyer.
  Array.prototype.forEach.call(document.querySelectorAll('[data-autosubmit] form'), function (form) { form.submit(); });
}());
