/* Kamishop default theme: times in the buyer's own time zone, and "My orders", the order links this
   browser remembers in localStorage (the shop's server stores nothing about the list).
   Plain script, nothing inline: the store's Content-Security-Policy forbids inline code. */
(function () {
  'use strict';

  var KEY = 'kamishop.orders';
  var KEEP = 30;
  var lang = document.documentElement.lang || undefined;

  // The server writes UTC; the browser knows the buyer's zone.
  function localTime(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) { return null; }
    try {
      return date.toLocaleString(lang, { year: 'numeric', month: 'short', day: 'numeric',
        hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
    } catch (e) {
      return date.toLocaleString();
    }
  }

  function showLocalTimes(root) {
    Array.prototype.forEach.call(root.querySelectorAll('time[data-local]'), function (el) {
      var text = localTime(el.getAttribute('datetime'));
      if (text) {
        el.setAttribute('title', el.textContent);
        el.textContent = text;
        el.setAttribute('data-localised', '');
      }
    });
  }

  // Private browsing or a full quota must never break the page: remembering is a convenience.
  function remembered() {
    try {
      var list = JSON.parse(window.localStorage.getItem(KEY) || '[]');
      return Array.isArray(list) ? list.filter(function (o) { return o && typeof o.orderNo === 'string' && typeof o.url === 'string'; }) : [];
    } catch (e) {
      return [];
    }
  }

  function store(list) {
    try { window.localStorage.setItem(KEY, JSON.stringify(list)); } catch (e) { /* not remembered, nothing lost */ }
  }

  // Only order pages of this shop are remembered: a relative link that cannot lead elsewhere.
  function isOrderLink(url) {
    return /^\/orders\/[^/?#]+\?token=[^&#]+$/.test(url);
  }

  function remember(el) {
    var entry = { orderNo: el.getAttribute('data-remember-order'), url: el.getAttribute('data-url'),
      product: el.getAttribute('data-product') || '', placed: el.getAttribute('data-placed') || '' };
    if (!entry.orderNo || !isOrderLink(entry.url)) { return; }
    var list = remembered().filter(function (o) { return o.orderNo !== entry.orderNo; });
    list.push(entry);
    list.sort(function (a, b) { return (b.placed || '').localeCompare(a.placed || ''); });
    store(list.slice(0, KEEP));
  }

  function drawMyOrders(listEl) {
    var list = remembered().filter(function (o) { return isOrderLink(o.url); });
    var empty = document.getElementById('my-orders-empty');
    var forget = document.getElementById('forget-orders');
    listEl.textContent = '';
    list.forEach(function (o) {
      var item = document.createElement('li');
      item.setAttribute('data-order', o.orderNo);
      var link = document.createElement('a');
      link.href = o.url;
      var code = document.createElement('code');
      code.textContent = o.orderNo;
      link.appendChild(code);
      item.appendChild(link);
      item.appendChild(document.createTextNode(' ' + o.product + ' '));
      if (o.placed) {
        var time = document.createElement('time');
        time.setAttribute('datetime', o.placed);
        time.setAttribute('data-local', '');
        time.textContent = o.placed;
        item.appendChild(document.createTextNode('· ' + (listEl.getAttribute('data-placed-label') || '') + ' '));
        item.appendChild(time);
      }
      listEl.appendChild(item);
    });
    if (empty) { empty.hidden = list.length > 0; }
    if (forget) { forget.hidden = list.length === 0; }
    showLocalTimes(listEl);
  }

  var order = document.querySelector('[data-remember-order]');
  if (order) { remember(order); }
  showLocalTimes(document);
  var mine = document.getElementById('my-orders');
  if (mine) {
    drawMyOrders(mine);
    var forget = document.getElementById('forget-orders');
    if (forget) {
      forget.addEventListener('click', function () {
        try { window.localStorage.removeItem(KEY); } catch (e) { /* nothing to forget */ }
        drawMyOrders(mine);
      });
    }
  }
}());
