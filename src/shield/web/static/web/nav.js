// The site's navigation folds behind a "Menu" button on a narrow screen. Without this script
// (or with scripts off) the button stays hidden and the links simply wrap.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("nav-toggle");
  const header = button && button.closest("header");
  if (!header) return;
  header.classList.add("nav-folds");
  button.hidden = false;
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    header.classList.toggle("nav-open", open);
  });
  document.addEventListener("keydown", event => {
    if (event.key === "Escape" && header.classList.contains("nav-open")) {
      button.setAttribute("aria-expanded", "false");
      header.classList.remove("nav-open");
      button.focus();
    }
  });
});
