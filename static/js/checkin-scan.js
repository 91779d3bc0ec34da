// Scanning QR codes with the device's camera on the check-in page, online or offline:
// BarcodeDetector where the browser has it, else the vendored jsQR (loaded on first use).
// What it reads is handed to checkin.js as if typed into the search box and Entered.
(function () {
  "use strict";
  var button = document.getElementById("scan-button");
  var panel = document.getElementById("scan-panel");
  var video = document.getElementById("scan-video");
  var app = document.getElementById("checkin-app");
  if (!button || !panel || !video || !app || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    return;
  }
  button.hidden = false;
  var startLabel = button.textContent;
  var stream = null;
  var detector = null;
  var canvas = document.createElement("canvas");
  var jsqrLoading = null;

  function loadJsQR() {
    if (window.jsQR) { return Promise.resolve(window.jsQR); }
    if (!jsqrLoading) {
      jsqrLoading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = app.dataset.jsqrUrl;
        script.onload = function () { resolve(window.jsQR); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return jsqrLoading;
  }

  function stop() {
    if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
    stream = null;
    video.srcObject = null;
    panel.hidden = true;
    button.textContent = startLabel;
    button.setAttribute("aria-pressed", "false");
  }

  function found(text) {
    stop();
    document.dispatchEvent(new CustomEvent("checkin:scanned", { detail: text }));
  }

  function readFrame() {
    if (!stream) { return Promise.resolve(); }
    if (video.readyState < 2) { return Promise.resolve(); }
    if (detector) {
      return detector.detect(video).then(function (codes) {
        if (codes.length) { found(codes[0].rawValue); }
      });
    }
    return loadJsQR().then(function (decode) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      var context = canvas.getContext("2d", { willReadFrequently: true });
      context.drawImage(video, 0, 0);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var code = decode(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      if (code && code.data) { found(code.data); }
    });
  }

  function loop() {
    if (!stream) { return; }
    readFrame().catch(function () {}).then(function () { setTimeout(loop, 200); });
  }

  function start() {
    if ("BarcodeDetector" in window) {
      try { detector = new window.BarcodeDetector({ formats: ["qr_code"] }); } catch (e) { detector = null; }
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        panel.hidden = false;
        button.textContent = button.dataset.labelStop;
        button.setAttribute("aria-pressed", "true");
        return video.play();
      }).then(loop).catch(function () {
        stop();
        var status = document.getElementById("checkin-status");
        if (status) {
          status.textContent = button.dataset.labelNoCamera;
          status.classList.add("is-error");
        }
      });
  }

  button.addEventListener("click", function () { if (stream) { stop(); } else { start(); } });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && stream) { stop(); button.focus(); }
  });
})();
