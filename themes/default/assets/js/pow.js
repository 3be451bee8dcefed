/* Kamishop default theme: the store's own bot brake. When the merchant switches on proof of work, the
   checkout and look-up forms ask /api/challenge for a challenge, find a nonce such that
   SHA-256(challenge + ":" + nonce) starts with the asked number of zero bits, and send "challenge:nonce"
   in the proofOfWork field. No third party, nothing inline (CSP). Without JavaScript the store answers
   the form with a message saying so. SHA-256 is written out here because crypto.subtle exists only on
   HTTPS pages, and a shop may run on plain HTTP behind a proxy. */
(function () {
  'use strict';

  var K = [0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2];
  var W = new Int32Array(64);

  function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }

  /* Runs SHA-256's compression over 64-byte blocks of bytes[from, to) on the state H (8 words, changed in place). */
  function compress(H, bytes, from, to) {
    for (var b = from; b < to; b += 64) {
      for (var t = 0; t < 16; t++) {
        var o = b + t * 4;
        W[t] = (bytes[o] << 24) | (bytes[o + 1] << 16) | (bytes[o + 2] << 8) | bytes[o + 3];
      }
      for (t = 16; t < 64; t++) {
        var s0 = rotr(W[t - 15], 7) ^ rotr(W[t - 15], 18) ^ (W[t - 15] >>> 3);
        var s1 = rotr(W[t - 2], 17) ^ rotr(W[t - 2], 19) ^ (W[t - 2] >>> 10);
        W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
      }
      var a = H[0], c1 = H[1], c2 = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
      for (t = 0; t < 64; t++) {
        var temp1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + W[t]) | 0;
        var temp2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & c1) ^ (a & c2) ^ (c1 & c2))) | 0;
        h = g; g = f; f = e; e = (d + temp1) | 0; d = c2; c2 = c1; c1 = a; a = (temp1 + temp2) | 0;
      }
      H[0] = (H[0] + a) | 0; H[1] = (H[1] + c1) | 0; H[2] = (H[2] + c2) | 0; H[3] = (H[3] + d) | 0;
      H[4] = (H[4] + e) | 0; H[5] = (H[5] + f) | 0; H[6] = (H[6] + g) | 0; H[7] = (H[7] + h) | 0;
    }
  }

  var INITIAL = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

  /*
   * A hasher for prefix + nonce: the prefix's whole 64-byte blocks are the same for every nonce, so
   * they are compressed once (the "midstate") and each try hashes only the last block or two.
   */
  function hasherFor(prefix) {
    var whole = prefix.length - (prefix.length % 64);
    var mid = new Int32Array(INITIAL);
    var head = new Uint8Array(whole);
    for (var i = 0; i < whole; i++) { head[i] = prefix.charCodeAt(i) & 0xff; }
    compress(mid, head, 0, whole);
    var rest = prefix.substring(whole);
    var tail = new Uint8Array(128);
    var state = new Int32Array(8);
    return function firstWord(nonce) {
      var text = rest + nonce;
      var length = text.length;
      var size = length + 9 > 64 ? 128 : 64;
      tail.fill(0);
      for (var j = 0; j < length; j++) { tail[j] = text.charCodeAt(j); }
      tail[length] = 0x80;
      var bits = (whole + length) * 8;
      tail[size - 4] = (bits >>> 24) & 0xff;
      tail[size - 3] = (bits >>> 16) & 0xff;
      tail[size - 2] = (bits >>> 8) & 0xff;
      tail[size - 1] = bits & 0xff;
      state.set(mid);
      compress(state, tail, 0, size);
      return state[0] >>> 0;
    };
  }

  /* Searches in slices so the page stays responsive; calls done(nonce). */
  function solve(challenge, bits, done) {
    var nonce = 0;
    var limit = bits >= 32 ? 0 : Math.pow(2, 32 - bits);
    var firstWord = hasherFor(challenge + ':');
    (function slice() {
      var end = nonce + 20000;
      for (; nonce < end; nonce++) {
        if (firstWord(nonce) < limit) { done(String(nonce)); return; }
      }
      setTimeout(slice, 0);
    }());
  }

  function send(form) {
    form.setAttribute('data-proof-ready', '');
    form.submit();
  }

  function guard(form) {
    form.addEventListener('submit', function (event) {
      if (form.hasAttribute('data-proof-ready')) { return; }
      event.preventDefault();
      var note = form.querySelector('.proof-note');
      fetch('/api/challenge', { cache: 'no-store', headers: { 'Accept': 'application/json' } })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          if (!answer.required) { send(form); return; }
          if (note) { note.hidden = false; }
          solve(answer.challenge, answer.bits, function (nonce) {
            var field = form.querySelector('input[name="proofOfWork"]') || document.createElement('input');
            field.type = 'hidden';
            field.name = 'proofOfWork';
            field.value = answer.challenge + ':' + nonce;
            form.appendChild(field);
            send(form);
          });
        }, function () { send(form); }); // the store answers a missing proof with a clear message
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('form[action="/checkout"], form[data-proof-of-work]'), guard);
}());
