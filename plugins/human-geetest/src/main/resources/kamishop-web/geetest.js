/*
 * Geetest v4 glue: the store's form has one field for a human check's token, Geetest hands back four values.
 * This loads gt4.js (data-script), shows the captcha in each .geetest-captcha box and, once it is solved, writes
 * {lot_number, captcha_output, pass_token, gen_time} as one JSON object into the box's field; the store's
 * GeetestCheck sends them on to Geetest. Served from the store's origin, so no inline script is needed.
 */
(function () {
  'use strict';

  function boxes() {
    return Array.prototype.slice.call(document.querySelectorAll('.geetest-captcha[data-captcha-id]'));
  }

  function fieldOf(box) {
    var form = box.closest('form') || box.parentNode;
    return form.querySelector('input[name="' + box.getAttribute('data-field') + '"]');
  }

  function mount(box) {
    var field = fieldOf(box);
    window.initGeetest4(
      {
        captchaId: box.getAttribute('data-captcha-id'),
        product: box.getAttribute('data-product') || 'float',
        // Geetest's language codes; the page's own language, so a Chinese store shows a Chinese puzzle.
        language: /^zh/i.test(document.documentElement.lang || '') ? 'zho' : 'eng'
      },
      function (captcha) {
        captcha.appendTo(box);
        captcha.onSuccess(function () {
          var solved = captcha.getValidate();
          if (solved && field) {
            field.value = JSON.stringify({
              lot_number: solved.lot_number,
              captcha_output: solved.captcha_output,
              pass_token: solved.pass_token,
              gen_time: solved.gen_time
            });
          }
        });
        // A pass_token is good for one check: when the captcha resets, the old one must not be sent.
        captcha.onError(function () {
          if (field) {
            field.value = '';
          }
        });
      }
    );
  }

  function start() {
    var found = boxes();
    if (!found.length) {
      return;
    }
    if (typeof window.initGeetest4 === 'function') {
      found.forEach(mount);
      return;
    }
    var script = document.createElement('script');
    script.src = found[0].getAttribute('data-script');
    script.async = true;
    script.onload = function () {
      found.forEach(mount);
    };
    document.head.appendChild(script);
  }

  // Loaded async from the head: the form may not be parsed yet.
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
