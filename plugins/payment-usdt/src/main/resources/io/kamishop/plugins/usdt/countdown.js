// Counts down to data-expires (Unix seconds) on the USDT cashier page; the page says the deadline without it.
(function () {
  var box = document.querySelector('.countdown[data-expires]');
  if (!box) { return; }
  var expires = parseInt(box.getAttribute('data-expires'), 10) * 1000;
  var left = box.querySelector('.left');
  function tick() {
    var seconds = Math.max(0, Math.floor((expires - Date.now()) / 1000));
    left.textContent = Math.floor(seconds / 60) + ':' + String(seconds % 60).padStart(2, '0');
    if (seconds === 0) {
      box.classList.add('over');
      clearInterval(timer);
    }
  }
  var timer = setInterval(tick, 1000);
  tick();
})();
