// Progressive enhancement only: every page works without it. Loaded from 'self' (the
// Content-Security-Policy allows no inline script).
(function () {
  'use strict';

  // Forms marked data-confirm ask before they post (Remove).
  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (!window.confirm(form.getAttribute('data-confirm'))) {
        event.preventDefault();
      }
    });
  });

  // "Add redirect URL": one more input row, focused.
  var add = document.getElementById('add-redirect');
  var fieldset = document.getElementById('redirect-urls');
  if (add && fieldset) {
    add.hidden = false;
    add.addEventListener('click', function () {
      var rows = fieldset.querySelectorAll('.row');
      var index = rows.length;
      var row = document.createElement('div');
      row.className = 'row';
      var label = document.createElement('label');
      label.className = 'sr';
      label.htmlFor = 'redirectUrls-' + index;
      label.textContent = 'Redirect URL ' + (index + 1);
      var input = document.createElement('input');
      input.id = 'redirectUrls-' + index;
      input.name = 'redirectUrls';
      row.appendChild(label);
      row.appendChild(input);
      fieldset.insertBefore(row, add);
      input.focus();
    });
  }

  // Type-specific fields: only the chosen type's (tenant for Graph, audience for Auth0).
  var type = document.getElementById('type');
  function showTypeFields() {
    document.querySelectorAll('.type-specific').forEach(function (field) {
      field.hidden = type.value !== field.getAttribute('data-type');
    });
  }
  if (type && document.querySelector('.type-specific')) {
    type.addEventListener('change', showTypeFields);
    showTypeFields();
  }

  // After a refused save the first field in error takes the focus (its message is tied to it);
  // otherwise an open side panel does, so keyboard users land in it.
  var invalid = document.querySelector('[aria-invalid="true"]');
  var heading = document.getElementById('panel-heading');
  if (invalid) {
    invalid.focus();
  } else if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
})();
