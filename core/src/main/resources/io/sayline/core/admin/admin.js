// Sayline admin page: the Extra options switch shows or hides the streaming settings. No library, no network.
document.addEventListener('DOMContentLoaded', function () {
  var toggle = document.getElementById('extraOptions');
  var fields = document.getElementById('extra-options');
  if (toggle && fields) {
    toggle.addEventListener('change', function () { fields.hidden = !toggle.checked; });
  }
});
