/**
 * @file The engine smoke's error probe: a classic script the smoke's proxy puts first in the
 * `<head>` of every HTML page it passes on, so it runs before any of the page's modules.
 *
 * Neither geckodriver nor WebKitWebDriver hands a W3C WebDriver client the console, so the
 * page records its own trouble here and the smoke reads it back with `executeScript`:
 * uncaught errors, scripts that fail to load, unhandled promise rejections, Content-Security-Policy violations (a
 * request leaving the site, an inline script) and every `console.error` call. Test-only: the
 * pages never load this file themselves.
 */
(() => {
  if ('__ddEngineProblems' in window) return;
  /** @type {string[]} */
  const seen = [];
  Object.defineProperty(window, '__ddEngineProblems', { value: seen });
  // Captured, so a script or stylesheet that fails to load (an event on its element, which
  // does not bubble) is seen too.
  window.addEventListener('error', (event) => {
    const target = event.target;
    if (target instanceof HTMLScriptElement || target instanceof HTMLLinkElement || target instanceof HTMLImageElement) {
      seen.push(`failed to load: ${target instanceof HTMLLinkElement ? target.href : target.src}`);
    } else {
      seen.push(`error: ${event.message} (${event.filename}:${event.lineno})`);
    }
  }, true);
  window.addEventListener('unhandledrejection', (event) => {
    const reason = event.reason;
    seen.push(`unhandled rejection: ${reason && reason.stack ? reason.stack : String(reason)}`);
  });
  document.addEventListener('securitypolicyviolation', (event) => {
    seen.push(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
  });
  const original = console.error.bind(console);
  console.error = (...args) => {
    seen.push(`console.error: ${args.map((a) => (a && a.stack) || String(a)).join(' ')}`);
    original(...args);
  };
})();
