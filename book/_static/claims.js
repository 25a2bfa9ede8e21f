/* Evidence in place: each number of the prose (a.claim) has a popover, rendered into the page
   beside it (hidden), that shows the evidence in its sentence and links to the source, the data
   dictionary and the number's own permalink.

   - Opens on hover, on keyboard focus and on a first tap (a second tap follows the link).
   - Closes with Escape (focus returns to the number), when focus or the pointer leaves the
     number and its popover, or on a tap elsewhere.
   - The popover sits right after its number in the document, so Tab moves into its links.
   - The number's accessible description (aria-describedby) is the popover's note, so screen
     readers announce the evidence whether or not the popover is shown.
   Plain JavaScript, no framework, nothing loaded from the network. */
(function () {
  "use strict";
  var SUFFIX = "-popover";
  var current = null;        // {claim, popover} of the open popover
  var closeTimer = null;
  var firstTap = null;       // a claim touched while its popover was closed: show, don't follow
  var quietFocus = null;     // a claim given focus back by Escape: it does not reopen
  var status = null;         // a polite live region for "link copied"

  function popoverOf(claim) {
    return claim.id ? document.getElementById(claim.id + SUFFIX) : null;
  }

  function claimAt(node) {
    var claim = node && node.closest ? node.closest("a.claim") : null;
    return claim && popoverOf(claim) ? claim : null;
  }

  function within(node) {
    return !!(current && node && (current.claim.contains(node) || current.popover.contains(node)));
  }

  function cancelClose() {
    if (closeTimer) { clearTimeout(closeTimer); closeTimer = null; }
  }

  function place(claim, popover) {
    // The popover is absolutely positioned: measure where (0, 0) puts it, then move it under
    // (or, without room below, above) the number, kept inside the viewport.
    popover.style.left = "0px";
    popover.style.top = "0px";
    var origin = popover.getBoundingClientRect();
    var box = claim.getClientRects()[0] || claim.getBoundingClientRect();
    var width = popover.offsetWidth, height = popover.offsetHeight;
    var viewWidth = document.documentElement.clientWidth;
    var viewHeight = window.innerHeight || document.documentElement.clientHeight;
    var top = box.bottom + 6;
    if (top + height > viewHeight && box.top - height - 6 > 0) { top = box.top - height - 6; }
    var left = Math.max(8, Math.min(box.left, viewWidth - width - 8));
    popover.style.left = (left - origin.left) + "px";
    popover.style.top = (top - origin.top) + "px";
  }

  function open(claim) {
    cancelClose();
    if (current && current.claim === claim) { return; }
    close();
    var popover = popoverOf(claim);
    popover.hidden = false;
    claim.classList.add("claim-open");
    current = { claim: claim, popover: popover };
    place(claim, popover);
  }

  function close() {
    cancelClose();
    if (!current) { return; }
    current.popover.hidden = true;
    current.claim.classList.remove("claim-open");
    current = null;
  }

  function closeSoon() {
    cancelClose();
    closeTimer = setTimeout(function () {
      closeTimer = null;
      if (current && !within(document.activeElement)) { close(); }
    }, 300);
  }

  function announce(message) {
    if (!status) {
      status = document.createElement("span");
      status.className = "claim-status";
      status.setAttribute("role", "status");
      document.body.appendChild(status);
    }
    status.textContent = "";
    setTimeout(function () { status.textContent = message; }, 50);
  }

  function permalink(claim) {
    return window.location.href.split("#")[0] + "#" + claim.id;
  }

  function copied(button, url) {
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    button.textContent = button.getAttribute("data-copied");
    announce(button.getAttribute("data-copied") + ": " + url);
    setTimeout(function () { button.textContent = label; }, 2000);
  }

  function copy(button, claim) {
    var url = permalink(claim);
    function fallback() {
      var field = document.createElement("textarea");
      field.value = url;
      field.setAttribute("readonly", "");
      field.className = "claim-status";
      button.parentNode.appendChild(field);
      field.select();
      try { document.execCommand("copy"); } catch (ignored) { /* the permalink remains */ }
      field.remove();
      button.focus();
      copied(button, url);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(function () { copied(button, url); }, fallback);
    } else {
      fallback();
    }
  }

  document.addEventListener("focusin", function (event) {
    var claim = claimAt(event.target);
    if (claim) {
      if (claim === quietFocus) { quietFocus = null; return; }
      open(claim);
    } else if (current && !within(event.target)) {
      close();
    }
  });

  document.addEventListener("pointerover", function (event) {
    var claim = claimAt(event.target);
    if (claim && event.pointerType !== "touch") { open(claim); }
    else if (within(event.target)) { cancelClose(); }
  });

  document.addEventListener("pointerout", function (event) {
    if (current && within(event.target) && !within(event.relatedTarget)) { closeSoon(); }
  });

  document.addEventListener("pointerdown", function (event) {
    var claim = claimAt(event.target);
    // decided before the tap focuses the claim, which opens the popover
    firstTap = event.pointerType === "touch" && claim && !(current && current.claim === claim)
      ? claim : null;
    if (current && !within(event.target)) { close(); }
  });

  document.addEventListener("click", function (event) {
    var claim = claimAt(event.target);
    if (claim && claim === firstTap) {
      firstTap = null;
      event.preventDefault();  // the first tap shows the evidence; the second follows the link
      open(claim);
      return;
    }
    var button = event.target.closest ? event.target.closest("button.claim-copy") : null;
    if (button && current && current.popover.contains(button)) {
      copy(button, current.claim);
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !current) { return; }
    var claim = current.claim, inside = current.popover.contains(document.activeElement);
    close();
    if (inside) { quietFocus = claim; claim.focus(); }
  });

  window.addEventListener("resize", function () {
    if (current) { place(current.claim, current.popover); }
  });
})();
