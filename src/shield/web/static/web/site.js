// Page behaviour without inline scripts (the Content-Security-Policy allows none).
document.addEventListener("DOMContentLoaded", () => {
  // A select that submits its form when changed (the language switch).
  document.querySelectorAll("select[data-autosubmit]").forEach(select => {
    select.addEventListener("change", () => select.form.submit());
  });
  // The treaty's "read a provision" box goes to /treaty/article/<ref>/.
  document.querySelectorAll("form[data-article-base]").forEach(form => {
    form.addEventListener("submit", event => {
      event.preventDefault();
      location.href = form.dataset.articleBase + encodeURIComponent(form.elements.ref.value) + "/";
    });
  });
});
