// matrix_probe.js: put at the end of a copy of a matrix page by
// matrix_page.sh; what the page shows, measured in the browser (a window
// of 1400x900), written as JSON into a last element, a pre of id probe.
// The case whose red row it clicks is the page's #probe=ID.
(function () {
  const $ = id => document.getElementById(id), out = {}, de = document.documentElement;
  const want = decodeURIComponent(location.hash.replace(/^#probe=/, ''));
  const shown = sel => Array.from(document.querySelectorAll(sel)).filter(e => !e.hidden);
  const bottom = e => Math.round(e.getBoundingClientRect().bottom + scrollY);
  out.scrollWidth = de.scrollWidth;
  out.clientWidth = de.clientWidth;
  out.innerHeight = innerHeight;
  out.red = shown('#red tr.red').map(r => ({
    id: r.dataset.id, bottom: bottom(r), why: r.cells[3].textContent,
    builds: Array.from(r.querySelectorAll('a.chip')).map(a => a.dataset.build)}));
  // What a red row shows stays in its cell: a build's link past the cell's
  // edge is cut off or spills onto the next cell or row. Each shown
  // element of a shown red row outside its cell, as "ID: its text".
  const spills = () => shown('#red tr.red').flatMap(tr => Array.from(tr.cells).flatMap(td => {
    const box = td.getBoundingClientRect();
    return Array.from(td.querySelectorAll('*')).filter(e => {
      const r = e.getBoundingClientRect();
      return r.width && !e.closest('[hidden]') && (r.left < box.left - 1 || r.right > box.right + 1 ||
                                                   r.top < box.top - 1 || r.bottom > box.bottom + 1);
    }).map(e => tr.dataset.id + ': ' + e.textContent);
  }));
  out.redSpills = spills();
  out.redRight = Math.round($('red').getBoundingClientRect().right);
  // Per red row: the builds its links show, and those its "+N" button stands for.
  out.redShown = shown('#red tr.red').map(r => ({
    shown: Array.from(r.querySelectorAll('a.chip')).filter(a => !a.hidden).map(a => a.dataset.build),
    more: Array.from(r.querySelectorAll('button.more')).filter(b => !b.hidden)
      .map(b => b.textContent)}));
  // Every "+N" opened: the row shows all its builds, and still holds them.
  shown('#red button.more').forEach(b => b.click());
  out.redOpened = shown('#red tr.red').map(r =>
    Array.from(r.querySelectorAll('a.chip')).filter(a => !a.hidden).length);
  out.redOpenedSpills = spills();
  out.redBeforeGrid = !!($('red').compareDocumentPosition($('grid')) &
                         Node.DOCUMENT_POSITION_FOLLOWING);
  out.allGreen = $('all-green').hidden ? null : $('all-green').textContent;
  out.allGreenBottom = $('all-green').hidden ? null : bottom($('all-green'));
  out.counts = {};
  document.querySelectorAll('#counts tr.count').forEach(tr => {
    out.counts[tr.dataset.result] = Array.from(tr.cells).slice(1).map(td => +td.textContent);
  });
  out.cells = Array.from(document.querySelectorAll('#matrix td.cell')).map(td => td.textContent);
  out.diff = Array.from(document.querySelectorAll('#diff tr.change'))
    .map(tr => [tr.dataset.id, tr.dataset.mode, tr.dataset.old, tr.dataset.new]);
  out.windowCount = $('window-count').textContent;
  out.windowRows = document.querySelectorAll('#diff-window tr.window-change').length;
  out.gridRows = shown('#grid tr.case').length;
  $('only-differing').click();
  out.differing = shown('#grid tr.case').map(r => r.dataset.id);
  $('only-differing').click();
  const row = Array.from(document.querySelectorAll('#red tr.red')).find(r => r.dataset.id === want);
  if (row) {
    row.querySelector('a.chip').click();
    const d = $('detail'), first = d.querySelector('.line'), folded = d.querySelector('details');
    out.detail = {
      first: first && first.textContent, firstFailing: !!first && first.matches('.failing'),
      failingBeforeFolded: !folded || !!(first.compareDocumentPosition(folded) &
                                         Node.DOCUMENT_POSITION_FOLLOWING),
      folded: Array.from(d.querySelectorAll('details')).map(x => ({
        result: x.className.replace('folded ', ''), open: x.open,
        summary: x.querySelector('summary').textContent}))};
  }
  const pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
