"""What every spreadsheet import shares (outcomes, organisations): reading a CSV or XLSX
safely within limits (``files``, ``xlsx_limits``), the heading row (``columns``), one row's
cells and errors by row and column (``rows``), a plan's changes and counts (``plans``), the
uploaded file kept between its preview and its confirmation (``uploads``), the upload form
(``forms``) and the downloadable templates (``templates``). What the columns and rows mean,
and what applying a plan writes, is each import's own."""
