// Starts GOV.UK Frontend's components and the quick exit. Loaded as a module, so only
// browsers that can run it get the enhanced behaviour; without it every link still works.
import { createAll, ExitThisPage, initAll } from "./govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");

// GOV.UK's Exit this page leaves with location.href, which leaves the page in the tab's
// history. QuickExit leaves with location.replace so Back cannot return to it.
class QuickExit extends ExitThisPage {
  static moduleName = "sp-quick-exit";

  exitPage() {
    if (!this.$updateSpan) {
      return;
    }
    this.$updateSpan.textContent = "";
    document.body.classList.add("govuk-exit-this-page-hide-content");
    this.$overlay = document.createElement("div");
    this.$overlay.className = "govuk-exit-this-page-overlay";
    this.$overlay.setAttribute("role", "alert");
    this.$overlay.textContent = this.i18n.t("activated");
    document.body.appendChild(this.$overlay);
    window.location.replace(this.$button.href);
  }
}

initAll();
createAll(QuickExit);
