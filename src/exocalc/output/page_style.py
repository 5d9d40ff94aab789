"""The client page's styles, inline in every page (no network at view time): a phone's width
(tables stack into cards), a desk's, and print on A4 or Letter (margins only: the paper is the
printer's). Amounts and dates never wrap (`white-space:nowrap`), and a row never splits across
pages."""

STYLE = """
:root{color-scheme:light;--ink:#1b1f24;--muted:#5b6570;--line:#d5dae0;--band:#f3f5f7;--warn:#8a1c12}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0 auto;max-width:62rem;padding:1.25rem;font:16px/1.45 system-ui,-apple-system,
"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#fff}
h1{font-size:1.6rem;line-height:1.2;margin:0 0 .35rem}
h2{font-size:1.15rem;margin:1.6rem 0 .5rem;padding-bottom:.2rem;border-bottom:2px solid var(--ink)}
p,ul,dl{margin:.4rem 0}
.sub{color:var(--muted);margin:0}
.amount,.date{white-space:nowrap;font-variant-numeric:tabular-nums}
.box{border:1px solid var(--line);background:var(--band);padding:.75rem 1rem;margin:.75rem 0}
.box p{margin:.2rem 0}
.big{font-size:1.35rem;font-weight:700}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0}
table{width:100%;border-collapse:collapse;margin:.5rem 0}
th,td{padding:.3rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{text-align:left;background:var(--band);font-weight:600}
td.num,th.num{text-align:right}
tr.total td{font-weight:700;border-top:2px solid var(--ink)}
tr.chosen td{font-weight:700}
.est{color:var(--muted)}
.url{overflow-wrap:anywhere;word-break:break-word}
td.text{text-align:left}
.nowrap{white-space:nowrap}
.bars{display:flex;width:100%;min-width:6rem;height:.7rem;margin-top:.25rem}
.bars>span{flex:1;display:flex}
.bars .less{justify-content:flex-end;border-right:2px solid var(--ink)}
.bars .more{border-left:2px solid var(--ink)}
.bars .less+.more{border-left:0}
.bars i{display:block;height:100%;background:var(--muted);print-color-adjust:exact;
-webkit-print-color-adjust:exact}
.bars .less i{background:#2f7d4a}
a{color:inherit}
.warning{border-left:4px solid var(--warn);padding:.4rem .8rem;margin:.6rem 0;background:#fdf3f2}
.warning h3{margin:0 0 .2rem;font-size:1rem;color:var(--warn)}
.warning p{margin:0}
footer{margin-top:2rem;color:var(--muted);font-size:.85rem}
@media (max-width:40em){
 body{padding:.9rem}
 dl.facts{grid-template-columns:1fr}
 dl.facts dd{margin-bottom:.35rem}
 table.rows,table.rows tbody,table.rows tr,table.rows td{display:block;width:auto}
 table.rows thead{display:none}
 table.rows tr{border-top:1px solid var(--line);padding:.35rem 0}
 table.rows td{display:flex;justify-content:space-between;gap:1rem;border:0;padding:.1rem 0;
  text-align:right}
 table.rows td::before{content:attr(data-label);text-align:left;color:var(--muted)}
 table.rows td.label{display:block;text-align:left;font-weight:600}
 table.rows td.label::before,table.rows td.what::before{content:none}
 table.rows td.what{display:block;text-align:left}
}
@page{margin:14mm 12mm}
@media print{
 body{max-width:none;padding:0;font-size:10pt;font-variant-ligatures:no-common-ligatures}
 h2{break-after:avoid;page-break-after:avoid}
 tr,.box,.warning,li,dl.facts{break-inside:avoid;page-break-inside:avoid}
 thead{display:table-header-group}
 a{text-decoration:none}
}
"""
