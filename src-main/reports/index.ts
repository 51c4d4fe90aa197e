export { writeReport, REPORT_FORMATS, type ReportFormat, type WriteReportOptions, type WriteReportResult, type ReportProgress } from './write';
export { renderHtml, loadPlotlySource, contentSecurityPolicy, type HtmlOptions } from './html';
export {
  renderPdf,
  playwrightPrinter,
  electronPrinter,
  defaultPrintOptions,
  type PdfPrinter,
  type PdfPage,
  type PdfPrintOptions,
  type ElectronLikeWindow,
  type DisposablePrinter,
} from './pdf';
export { writeCsvBundle, tableCsv, type BundleFile, type BundleResult } from './csvBundle';
export { datavzrdConfig, vegaLiteSpec, toYaml, type DatavzrdFile } from './datavzrd';
export { renderDocx, runPandoc, pandocVersion, renderChartImages } from './docx';
export { ReportError, PandocMissingError, type ReportErrorCode } from './errors';
