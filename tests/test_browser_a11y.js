// Basic accessibility checks run in the page: one h1, no skipped heading level, labelled inputs and
// progress bars, named links, images with alt text, a page language, and status badges whose text
// contrast is at least 4.5:1 (WCAG AA). Returns a list of problems (empty when all pass).
(() => {
  const problems = [];
  const article = document.querySelector("article") || document.body;
  if (!document.documentElement.lang) problems.push("no lang on <html>");
  if (article.querySelectorAll("h1").length !== 1) problems.push("not exactly one h1");
  let previous = 1;
  for (const heading of article.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
    const level = Number(heading.tagName[1]);
    if (level > previous + 1) problems.push(`heading level skipped before "${heading.textContent.trim()}"`);
    previous = level;
  }
  for (const image of document.querySelectorAll("img")) {
    if (!image.hasAttribute("alt")) problems.push(`image without alt: ${image.src}`);
  }
  for (const link of document.querySelectorAll("a[href]")) {
    const named = link.textContent.trim() || link.getAttribute("aria-label") || link.title
      || link.querySelector("img[alt]");
    if (!named) problems.push(`link without a name: ${link.outerHTML.slice(0, 100)}`);
  }
  for (const input of document.querySelectorAll("input, select, textarea")) {
    if (input.type === "hidden") continue;
    const labelled = (input.labels && input.labels.length) || input.getAttribute("aria-label")
      || input.getAttribute("aria-labelledby") || input.title || input.placeholder;
    if (!labelled) problems.push(`unlabelled input: ${input.outerHTML.slice(0, 100)}`);
  }
  for (const bar of document.querySelectorAll("progress")) {
    if (!bar.getAttribute("aria-label")) problems.push("progress bar without a label");
  }
  for (const svg of article.querySelectorAll("svg[role=img]")) {
    if (!svg.getAttribute("aria-labelledby") && !svg.getAttribute("aria-label")) problems.push("unlabelled diagram");
  }
  const rgb = (value) => value.match(/[\d.]+/g).slice(0, 3).map(Number);
  const luminance = ([r, g, b]) => {
    const [R, G, B] = [r, g, b].map((c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  for (const badge of document.querySelectorAll(".pt-badge, .pt-proof")) {
    const style = getComputedStyle(badge);
    const [fg, bg] = [luminance(rgb(style.color)), luminance(rgb(style.backgroundColor))];
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) problems.push(`badge "${badge.textContent.trim()}" contrast ${ratio.toFixed(2)}`);
    if (!badge.textContent.trim()) problems.push("badge without words");
  }
  return problems;
})()
