/**
 * @file `<dd-consultation>`: the respondent's form for a public consultation, with GOV.UK
 * patterns, drafts that survive a reload, English and Welsh, and a response file at the end.
 *
 * Usage, on any page (add `styles/app.css` if the page lacks GOV.UK Frontend's styles):
 *
 * ```html
 * <script type="module" src="/elements/dd-consultation.mjs"></script>
 * <dd-consultation src="builtin:demo"></dd-consultation>
 * ```
 *
 * Attributes:
 * - `src` (required unless `url-params` names one): where the definition comes from, either
 *   `builtin:<id>` for a definition built into Deep Dive (`builtin:demo`, `builtin:jtai-2015`,
 *   `builtin:macp-2012`, `builtin:lac-2012`), or the URL of a definition JSON file on the same
 *   site (`consultations/2026-notice.json`), fetched once. Changing it starts again.
 * - `preview`: the authors' preview, clearly labelled: it ignores the opening and closing
 *   dates, shows the authors' notes, and marks the response `"preview": true` (the analysis
 *   rejects such responses). Its drafts are kept apart from real ones.
 * - `lang`: `cy` starts in Welsh when the consultation has Welsh text (the language switch
 *   shown for such consultations changes it, and the element keeps its own `lang` attribute in
 *   step so assistive technology reads the right language).
 * - `submit-url`: a same-site URL to POST the response JSON to (`Content-Type:
 *   application/json`). The element shows the server's answer and keeps the draft until the
 *   server accepts it (any 2xx status). Without it, submitting makes a response file for the
 *   respondent to download, print and send. Nothing is sent in the preview.
 * - `heading-level`: the level (1–4, default 1) of each page's main heading; the element is
 *   meant to be a page's main content, so the default is `h1`.
 * - `url-params`: read the consultation and the preview from the page's address, so one page
 *   can show any built-in: `?consultation=jtai-2015` (a built-in id; it replaces `src`) and
 *   `?preview` (or `preview=1`).
 * - `keep-title`: leave `document.title` alone. Otherwise the element sets it to the page
 *   shown, prefixed `Error: ` when the page has errors (the GOV.UK pattern), followed by the
 *   title the host page had.
 *
 * Events (all bubble and are composed):
 * - `dd-consultation-submit`: a response was made; `detail` is `{response, sent, status}`:
 *   the response object (as in the file), whether it was sent to `submit-url` and accepted,
 *   and the server's HTTP status (or null).
 * - `dd-consultation-error`: a page's answers were rejected; `detail` is `{problems}`, each
 *   `{question, code, message}` as shown.
 *
 * Drafts. Every change is saved at once in `localStorage`, under
 * `deepdive:draft:<consultation id>:<version>` (`deepdive:preview-draft:…` in the preview),
 * with the definition's SHA-256, the response id, the start time, the page reached and the
 * answers. After a reload, a crash or closing the tab the answers and the page come back. The
 * respondent can delete the draft, or save it to a file and load that file later, on this
 * device or another. A draft for another version or text of the definition is never applied
 * silently: the respondent is offered to keep the answers that still fit, or to discard them.
 *
 * Dates. The device clock decides whether the consultation is open (when the form loads and
 * again on submitting); before the opening the form says when it opens, after the closing it
 * says when it closed and accepts no response. The response records its times in RFC 3339
 * with the device's UTC offset.
 *
 * The element uses the light DOM so the host page's GOV.UK styles apply, builds its DOM with
 * `createElement` and text only, defines no globals, and shows every failure in place.
 */

import { loadDeepDive, isDeepDiveError } from '../wasm.mjs';
import {
  h, describeFailure, downloadText, errorSummary, localTimestamp, notificationBanner, startIcon, summaryList,
  warningText,
} from '../dom.mjs';

/** How many consultation elements this page has made, to give each its own ids. */
let instanceCount = 0;

/** The format name written into saved-answers files. */
const DRAFT_FORMAT = 'deepdive-consultation-draft';

/** The maximum characters of each text type when the definition gives none. */
const DEFAULT_MAX = { 'short-text': 250, 'long-text': 5000, email: 254 };

/**
 * The element's own words in English and Welsh.
 *
 * The Welsh is ours and needs a translator's check before it is used in a real consultation
 * (as does the Welsh of the fixed option labels below, which mirror the Rust core's).
 */
const WORDS = {
  en: {
    loading: 'Loading the consultation…',
    failureTitle: 'The consultation form is not working',
    tryAgain: 'Try reloading the page.',
    noSrc: 'This page does not say which consultation to show (the element has no src attribute).',
    noBuiltin: (/** @type {string} */ id) => `There is no built-in consultation called “${id}”.`,
    otherSite: 'The consultation’s definition must come from this website.',
    submitOtherSite: 'The address responses are sent to (submit-url) must be on this website.',
    fetchFailed: (/** @type {string} */ status) => `The consultation’s definition could not be loaded (the server answered ${status}).`,
    notJson: 'The consultation’s definition is not valid JSON.',
    invalidDefinition: 'The consultation’s definition has problems, so the form cannot be shown:',
    language: 'Language',
    previewTitle: 'Authors’ preview',
    previewHeading: 'This is a preview for the consultation’s authors',
    previewBody: 'It ignores the opening and closing dates. A response made here is marked as a preview, and the analysis of responses rejects it. Nothing is sent anywhere.',
    previewDates: (/** @type {string} */ o, /** @type {string} */ c) => `For respondents it is open from ${o} to ${c}.`,
    notes: 'Authors’ notes',
    consultationBy: (/** @type {string} */ list) => `Consultation by ${list}`,
    closesAt: (/** @type {string} */ t) => `This consultation closes at ${t}.`,
    closedHeading: 'This consultation has closed',
    closedAt: (/** @type {string} */ t) => `This consultation closed at ${t}.`,
    closedNoMore: 'It no longer accepts responses.',
    notOpenHeading: 'This consultation is not open yet',
    opensAt: (/** @type {string} */ t) => `This consultation opens at ${t}.`,
    notYet: 'You cannot respond to it yet. Come back when it opens.',
    howUsed: 'How we use your response',
    confidentiality: 'Confidentiality and data protection',
    otherFormats: 'Other formats',
    beforeYouStart: 'Before you start',
    savedAsYouGo: 'Your answers are saved in this browser as you go, so you can leave and come back later. You can also save them to a file and carry on from that file on another device.',
    startNow: 'Start now',
    continueResponse: 'Continue your response',
    loadFromFile: 'Carry on from a file you saved',
    loadLabel: 'Choose the file with your saved answers',
    loadHint: 'A file you saved from this form, ending in .json. Its answers replace any saved in this browser.',
    loadButton: 'Load your answers',
    chooseFile: 'Choose a file with your saved answers',
    fileNotJson: (/** @type {string} */ name) => `The file ${name} is not a file of saved answers (it is not JSON)`,
    fileOtherConsultation: (/** @type {string} */ name) => `The file ${name} has answers for another consultation`,
    fileNoAnswers: (/** @type {string} */ name) => `The file ${name} has no answers in it`,
    loaded: (/** @type {string} */ name) => `Your answers from ${name} have been loaded.`,
    restored: (/** @type {string} */ time) => `We restored the answers you saved on this device at ${time}.`,
    savedAt: (/** @type {string} */ time) => `Last saved at ${time}.`,
    draftTitle: 'Your answers are saved on this device',
    draftBody: 'Every change is saved in this browser as you type. You can close the page and come back later.',
    saveToFile: 'Save your answers to a file',
    deleteDraft: 'Delete your answers from this device',
    storageFailed: 'This browser would not save your answers. Save them to a file before you leave the page.',
    deleteTitle: 'Are you sure you want to delete your answers from this device?',
    deleteBody: 'This cannot be undone. A file you saved your answers to is not affected.',
    deleteYes: 'Yes, delete my answers',
    deleteNo: 'No, keep my answers',
    deleted: 'Your answers have been deleted from this device.',
    success: 'Success',
    important: 'Important',
    back: 'Back',
    continue: 'Continue',
    partOf: (/** @type {number} */ n, /** @type {number} */ total) => `Part ${n} of ${total}`,
    optional: '(optional)',
    selectAll: 'Select all that apply.',
    selectUpTo: (/** @type {number} */ n) => `Select up to ${n}.`,
    roleLegend: 'Which of these is closest to your role?',
    charsUpTo: (/** @type {number} */ n) => `You can enter up to ${n} characters`,
    charsLeft: (/** @type {number} */ n) => (n === 1 ? 'You have 1 character remaining' : `You have ${n} characters remaining`),
    charsOver: (/** @type {number} */ n) => (n === 1 ? 'You have 1 character too many' : `You have ${n} characters too many`),
    errorPrefix: 'Error:',
    thereIsAProblem: 'There is a problem',
    titleError: 'Error: ',
    errSelect: (/** @type {string} */ q) => `Select an answer to “${q}”`,
    errEnter: (/** @type {string} */ q) => `Enter an answer to “${q}”`,
    errRole: 'Select the role closest to yours, or ‘Prefer not to say’',
    errEmail: 'Enter an e-mail address in the correct format, like name@example.com',
    errTooLong: (/** @type {string} */ q, /** @type {number} */ n) => `The answer to “${q}” must be ${n} characters or fewer`,
    errTooMany: (/** @type {string} */ q, /** @type {number} */ n) => `Select no more than ${n} answers to “${q}”`,
    errOneLine: (/** @type {string} */ q) => `The answer to “${q}” must be on one line`,
    errAnswerIn: (/** @type {string} */ section) => `Check your answers in “${section}”`,
    checkTitle: 'Check your answers before sending your response',
    notAnswered: 'Not answered',
    change: 'Change',
    role: 'Role',
    nowSend: 'Now send your response',
    sendBodyFile: 'When you submit, this form makes your response file: a copy of your answers to keep, print and send to the consulting body. This page sends nothing anywhere.',
    sendBodyUrl: (/** @type {string} */ host) => `When you submit, your answers are sent to ${host}.`,
    sendBodyPreview: 'This is the authors’ preview: submitting makes a response file marked as a preview, and sends nothing.',
    submit: 'Submit your response',
    sending: 'Sending your response…',
    sendFailed: (/** @type {string} */ why) => `Your response has not been sent: ${why}`,
    sendFailedKeep: 'Your answers are still saved on this device. Try again, or download your response file and send it another way.',
    serverAnswered: (/** @type {string} */ s) => `the server answered ${s}`,
    networkFailed: 'the connection failed',
    closedAtSubmit: (/** @type {string} */ t) => `This consultation closed at ${t}, so your response cannot be submitted`,
    notOpenAtSubmit: (/** @type {string} */ t) => `This consultation opens at ${t}, so your response cannot be submitted yet`,
    submittedTitle: 'Response submitted',
    sentTitle: 'Response sent',
    previewSubmittedTitle: 'Preview response made',
    yourReference: 'Your reference',
    whatNext: 'What happens next',
    whatNextFile: 'Your response is in the file below. Download it and send it to the consulting body, as the consultation explains. Keep a copy for yourself.',
    whatNextSent: 'The consulting body has your response. You can keep a copy of it.',
    serverSaid: 'The server said:',
    previewMarked: 'This response is marked as a preview. The analysis of responses rejects it.',
    downloadJson: 'Download your response (JSON file)',
    downloadTextCopy: 'Download a readable copy (text file)',
    print: 'Print your response',
    yourAnswers: 'Your answers',
    responseDetails: 'About this response',
    started: 'Started',
    submitted: 'Submitted',
    languageName: 'Language',
    responseId: 'Response reference',
    consultation: 'Consultation',
    startAgain: 'Start a new response',
    removeFromDevice: 'Remove your response from this device',
    removed: 'Your response has been removed from this device.',
    keptOnDevice: 'Your response stays on this device until you remove it, so you can download or print it again later.',
    savedDraftClosed: 'You have answers saved on this device. You can save them to a file or delete them.',
    mismatchTitle: 'You have answers saved for an earlier version of this consultation',
    mismatchBody: (/** @type {string} */ time) => `You saved them at ${time}. The consultation has changed since: some questions may be new, different or gone. We will not use those answers unless you choose to.`,
    keepMatching: 'Keep the answers that still fit',
    discard: 'Discard them',
    kept: (/** @type {number} */ n, /** @type {number} */ m) => `We kept ${n} of your earlier answers${m ? `; ${m} no longer fit and were left out` : ''}. Check them as you go.`,
    discarded: 'Your earlier answers have been discarded.',
    languages: { en: 'English', cy: 'Welsh' },
    months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
    timeOn: (/** @type {string} */ clock, /** @type {string} */ date) => `${clock} on ${date}`,
    am: 'am',
    pm: 'pm',
  },
  // Welsh: our own words, to be checked by a translator before real use.
  cy: {
    loading: 'Wrthi’n llwytho’r ymgynghoriad…',
    failureTitle: 'Nid yw’r ffurflen ymgynghori’n gweithio',
    tryAgain: 'Ceisiwch ail-lwytho’r dudalen.',
    noSrc: 'Nid yw’r dudalen hon yn dweud pa ymgynghoriad i’w ddangos (nid oes gan yr elfen briodwedd src).',
    noBuiltin: (/** @type {string} */ id) => `Nid oes ymgynghoriad adeiledig o’r enw “${id}”.`,
    otherSite: 'Rhaid i ddiffiniad yr ymgynghoriad ddod o’r wefan hon.',
    submitOtherSite: 'Rhaid i’r cyfeiriad y caiff ymatebion eu hanfon iddo (submit-url) fod ar y wefan hon.',
    fetchFailed: (/** @type {string} */ status) => `Nid oedd modd llwytho diffiniad yr ymgynghoriad (atebodd y gweinydd ${status}).`,
    notJson: 'Nid yw diffiniad yr ymgynghoriad yn JSON dilys.',
    invalidDefinition: 'Mae problemau gyda diffiniad yr ymgynghoriad, felly ni ellir dangos y ffurflen:',
    language: 'Iaith',
    previewTitle: 'Rhagolwg yr awduron',
    previewHeading: 'Rhagolwg ar gyfer awduron yr ymgynghoriad yw hwn',
    previewBody: 'Mae’n anwybyddu’r dyddiadau agor a chau. Caiff ymateb a wneir yma ei nodi fel rhagolwg, ac mae’r dadansoddiad o ymatebion yn ei wrthod. Nid oes dim yn cael ei anfon i unman.',
    previewDates: (/** @type {string} */ o, /** @type {string} */ c) => `I ymatebwyr, mae ar agor o ${o} tan ${c}.`,
    notes: 'Nodiadau’r awduron',
    consultationBy: (/** @type {string} */ list) => `Ymgynghoriad gan ${list}`,
    closesAt: (/** @type {string} */ t) => `Mae’r ymgynghoriad hwn yn cau am ${t}.`,
    closedHeading: 'Mae’r ymgynghoriad hwn wedi cau',
    closedAt: (/** @type {string} */ t) => `Caeodd yr ymgynghoriad hwn am ${t}.`,
    closedNoMore: 'Nid yw’n derbyn ymatebion mwyach.',
    notOpenHeading: 'Nid yw’r ymgynghoriad hwn ar agor eto',
    opensAt: (/** @type {string} */ t) => `Mae’r ymgynghoriad hwn yn agor am ${t}.`,
    notYet: 'Ni allwch ymateb iddo eto. Dewch yn ôl pan fydd yn agor.',
    howUsed: 'Sut rydym yn defnyddio eich ymateb',
    confidentiality: 'Cyfrinachedd a diogelu data',
    otherFormats: 'Fformatau eraill',
    beforeYouStart: 'Cyn i chi ddechrau',
    savedAsYouGo: 'Caiff eich atebion eu cadw yn y porwr hwn wrth i chi fynd, felly gallwch adael a dod yn ôl yn nes ymlaen. Gallwch hefyd eu cadw mewn ffeil a pharhau o’r ffeil honno ar ddyfais arall.',
    startNow: 'Dechrau nawr',
    continueResponse: 'Parhau â’ch ymateb',
    loadFromFile: 'Parhau o ffeil a gadwoch',
    loadLabel: 'Dewiswch y ffeil sy’n cynnwys eich atebion a gadwyd',
    loadHint: 'Ffeil a gadwoch o’r ffurflen hon, yn gorffen gyda .json. Mae ei hatebion yn disodli unrhyw atebion a gadwyd yn y porwr hwn.',
    loadButton: 'Llwytho eich atebion',
    chooseFile: 'Dewiswch ffeil sy’n cynnwys eich atebion a gadwyd',
    fileNotJson: (/** @type {string} */ name) => `Nid yw’r ffeil ${name} yn ffeil o atebion a gadwyd (nid yw’n JSON)`,
    fileOtherConsultation: (/** @type {string} */ name) => `Mae’r ffeil ${name} yn cynnwys atebion ar gyfer ymgynghoriad arall`,
    fileNoAnswers: (/** @type {string} */ name) => `Nid oes atebion yn y ffeil ${name}`,
    loaded: (/** @type {string} */ name) => `Mae eich atebion o ${name} wedi’u llwytho.`,
    restored: (/** @type {string} */ time) => `Rydym wedi adfer yr atebion a gadwoch ar y ddyfais hon am ${time}.`,
    savedAt: (/** @type {string} */ time) => `Cadwyd ddiwethaf am ${time}.`,
    draftTitle: 'Mae eich atebion wedi’u cadw ar y ddyfais hon',
    draftBody: 'Caiff pob newid ei gadw yn y porwr hwn wrth i chi deipio. Gallwch gau’r dudalen a dod yn ôl yn nes ymlaen.',
    saveToFile: 'Cadw eich atebion mewn ffeil',
    deleteDraft: 'Dileu eich atebion o’r ddyfais hon',
    storageFailed: 'Ni wnaeth y porwr hwn gadw eich atebion. Cadwch nhw mewn ffeil cyn i chi adael y dudalen.',
    deleteTitle: 'Ydych chi’n siŵr eich bod am ddileu eich atebion o’r ddyfais hon?',
    deleteBody: 'Ni ellir dadwneud hyn. Nid effeithir ar ffeil y gwnaethoch gadw eich atebion ynddi.',
    deleteYes: 'Ydw, dileu fy atebion',
    deleteNo: 'Na, cadw fy atebion',
    deleted: 'Mae eich atebion wedi’u dileu o’r ddyfais hon.',
    success: 'Llwyddiant',
    important: 'Pwysig',
    back: 'Yn ôl',
    continue: 'Parhau',
    partOf: (/** @type {number} */ n, /** @type {number} */ total) => `Rhan ${n} o ${total}`,
    optional: '(dewisol)',
    selectAll: 'Dewiswch bob un sy’n berthnasol.',
    selectUpTo: (/** @type {number} */ n) => `Dewiswch hyd at ${n}.`,
    roleLegend: 'Pa un o’r rhain sydd agosaf at eich rôl chi?',
    charsUpTo: (/** @type {number} */ n) => `Gallwch roi hyd at ${n} nod`,
    charsLeft: (/** @type {number} */ n) => `Mae gennych ${n} nod yn weddill`,
    charsOver: (/** @type {number} */ n) => `Mae gennych ${n} nod yn ormod`,
    errorPrefix: 'Gwall:',
    thereIsAProblem: 'Mae problem wedi codi',
    titleError: 'Gwall: ',
    errSelect: (/** @type {string} */ q) => `Dewiswch ateb i “${q}”`,
    errEnter: (/** @type {string} */ q) => `Rhowch ateb i “${q}”`,
    errRole: 'Dewiswch y rôl sydd agosaf at eich rôl chi, neu ‘Mae’n well gennyf beidio â dweud’',
    errEmail: 'Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@enghraifft.com',
    errTooLong: (/** @type {string} */ q, /** @type {number} */ n) => `Rhaid i’r ateb i “${q}” fod yn ${n} nod neu lai`,
    errTooMany: (/** @type {string} */ q, /** @type {number} */ n) => `Dewiswch ddim mwy na ${n} ateb i “${q}”`,
    errOneLine: (/** @type {string} */ q) => `Rhaid i’r ateb i “${q}” fod ar un llinell`,
    errAnswerIn: (/** @type {string} */ section) => `Gwiriwch eich atebion yn “${section}”`,
    checkTitle: 'Gwirio eich atebion cyn anfon eich ymateb',
    notAnswered: 'Heb ei ateb',
    change: 'Newid',
    role: 'Rôl',
    nowSend: 'Nawr anfonwch eich ymateb',
    sendBodyFile: 'Pan fyddwch yn cyflwyno, mae’r ffurflen hon yn creu eich ffeil ymateb: copi o’ch atebion i’w gadw, ei argraffu a’i anfon at y corff sy’n ymgynghori. Nid yw’r dudalen hon yn anfon dim i unman.',
    sendBodyUrl: (/** @type {string} */ host) => `Pan fyddwch yn cyflwyno, caiff eich atebion eu hanfon i ${host}.`,
    sendBodyPreview: 'Rhagolwg yr awduron yw hwn: mae cyflwyno yn creu ffeil ymateb wedi’i nodi fel rhagolwg, ac nid yw’n anfon dim.',
    submit: 'Cyflwyno eich ymateb',
    sending: 'Wrthi’n anfon eich ymateb…',
    sendFailed: (/** @type {string} */ why) => `Nid yw eich ymateb wedi’i anfon: ${why}`,
    sendFailedKeep: 'Mae eich atebion yn dal wedi’u cadw ar y ddyfais hon. Rhowch gynnig arall arni, neu lawrlwythwch eich ffeil ymateb a’i hanfon mewn ffordd arall.',
    serverAnswered: (/** @type {string} */ s) => `atebodd y gweinydd ${s}`,
    networkFailed: 'methodd y cysylltiad',
    closedAtSubmit: (/** @type {string} */ t) => `Caeodd yr ymgynghoriad hwn am ${t}, felly ni ellir cyflwyno eich ymateb`,
    notOpenAtSubmit: (/** @type {string} */ t) => `Mae’r ymgynghoriad hwn yn agor am ${t}, felly ni ellir cyflwyno eich ymateb eto`,
    submittedTitle: 'Ymateb wedi’i gyflwyno',
    sentTitle: 'Ymateb wedi’i anfon',
    previewSubmittedTitle: 'Ymateb rhagolwg wedi’i greu',
    yourReference: 'Eich cyfeirnod',
    whatNext: 'Beth sy’n digwydd nesaf',
    whatNextFile: 'Mae eich ymateb yn y ffeil isod. Lawrlwythwch hi a’i hanfon at y corff sy’n ymgynghori, fel y mae’r ymgynghoriad yn ei esbonio. Cadwch gopi i chi’ch hun.',
    whatNextSent: 'Mae gan y corff sy’n ymgynghori eich ymateb. Gallwch gadw copi ohono.',
    serverSaid: 'Dywedodd y gweinydd:',
    previewMarked: 'Mae’r ymateb hwn wedi’i nodi fel rhagolwg. Mae’r dadansoddiad o ymatebion yn ei wrthod.',
    downloadJson: 'Lawrlwytho eich ymateb (ffeil JSON)',
    downloadTextCopy: 'Lawrlwytho copi darllenadwy (ffeil testun)',
    print: 'Argraffu eich ymateb',
    yourAnswers: 'Eich atebion',
    responseDetails: 'Am yr ymateb hwn',
    started: 'Dechreuwyd',
    submitted: 'Cyflwynwyd',
    languageName: 'Iaith',
    responseId: 'Cyfeirnod yr ymateb',
    consultation: 'Ymgynghoriad',
    startAgain: 'Dechrau ymateb newydd',
    removeFromDevice: 'Tynnu eich ymateb oddi ar y ddyfais hon',
    removed: 'Mae eich ymateb wedi’i dynnu oddi ar y ddyfais hon.',
    keptOnDevice: 'Mae eich ymateb yn aros ar y ddyfais hon nes i chi ei dynnu, felly gallwch ei lawrlwytho neu ei argraffu eto yn nes ymlaen.',
    savedDraftClosed: 'Mae gennych atebion wedi’u cadw ar y ddyfais hon. Gallwch eu cadw mewn ffeil neu eu dileu.',
    mismatchTitle: 'Mae gennych atebion wedi’u cadw ar gyfer fersiwn gynharach o’r ymgynghoriad hwn',
    mismatchBody: (/** @type {string} */ time) => `Fe’u cadwoch am ${time}. Mae’r ymgynghoriad wedi newid ers hynny: gall rhai cwestiynau fod yn newydd, yn wahanol neu wedi mynd. Ni fyddwn yn defnyddio’r atebion hynny oni bai eich bod yn dewis gwneud hynny.`,
    keepMatching: 'Cadw’r atebion sy’n dal yn addas',
    discard: 'Cael gwared arnynt',
    kept: (/** @type {number} */ n, /** @type {number} */ m) => `Rydym wedi cadw ${n} o’ch atebion cynharach${m ? `; nid oedd ${m} yn addas mwyach ac fe’u gadawyd allan` : ''}. Gwiriwch nhw wrth i chi fynd.`,
    discarded: 'Mae eich atebion cynharach wedi’u taflu.',
    languages: { en: 'Saesneg', cy: 'Cymraeg' },
    months: ['Ionawr', 'Chwefror', 'Mawrth', 'Ebrill', 'Mai', 'Mehefin', 'Gorffennaf', 'Awst', 'Medi', 'Hydref', 'Tachwedd', 'Rhagfyr'],
    timeOn: (/** @type {string} */ clock, /** @type {string} */ date) => `${clock} ar ${date}`,
    am: 'yb',
    pm: 'yh',
  },
};

/** The names of the two languages, each in its own language (for the language switch). */
const ENDONYMS = { en: 'English', cy: 'Cymraeg' };

/**
 * The fixed options of the question types that have them: value and label in English and
 * Welsh, as in the Rust core (`src/consultation/definition.rs`).
 */
const FIXED = {
  'agree-scale': [
    ['strongly-agree', 'Strongly agree', 'Cytuno’n gryf'],
    ['agree', 'Agree', 'Cytuno'],
    ['neither', 'Neither agree nor disagree', 'Ddim yn cytuno nac yn anghytuno'],
    ['disagree', 'Disagree', 'Anghytuno'],
    ['strongly-disagree', 'Strongly disagree', 'Anghytuno’n gryf'],
  ],
  'yes-no': [['yes', 'Yes', 'Ie'], ['no', 'No', 'Na']],
  'respondent-type': [
    ['individual', 'As an individual', 'Fel unigolyn'],
    ['organisation', 'On behalf of an organisation', 'Ar ran sefydliad'],
    ['prefer-not-to-say', 'Prefer not to say', 'Mae’n well gennyf beidio â dweud'],
  ],
  'consent-to-publish': [
    ['publish-in-full', 'Publish my response in full', 'Cyhoeddi fy ymateb yn llawn'],
    ['publish-anonymously', 'Publish my response without my name or my organisation’s name', 'Cyhoeddi fy ymateb heb fy enw nac enw fy sefydliad'],
    ['do-not-publish', 'Do not publish my response', 'Peidiwch â chyhoeddi fy ymateb'],
  ],
};

/** The role every respondent-type question offers after the author's roles. */
const ROLE_PREFER_NOT_TO_SAY = { value: 'prefer-not-to-say', label: { en: 'Prefer not to say', cy: 'Mae’n well gennyf beidio â dweud' } };

/**
 * A question of the definition, as the element uses it.
 *
 * @typedef {object} Question
 * @property {string} id
 * @property {string} type
 * @property {any} text
 * @property {any} [help]
 * @property {boolean} [required]
 * @property {{question: string, equals?: string, anyOf?: string[]}} [condition]
 * @property {Array<{value: string, label: any}>} [options]
 * @property {Array<{value: string, label: any}>} [roles]
 * @property {number} [maxLength]
 * @property {number} [maxChoices]
 * @property {number} section - The index of its section.
 */

/**
 * The respondent's answers and where they are, as saved on the device and in files.
 *
 * @typedef {object} Draft
 * @property {string} format - `deepdive-consultation-draft`.
 * @property {string} consultation
 * @property {number} version
 * @property {string} definitionSha256
 * @property {string} id - The response id (a UUID), kept from the start to the submission.
 * @property {string} started - When the respondent started, RFC 3339.
 * @property {string} saved - When the draft was last saved, RFC 3339.
 * @property {'en' | 'cy'} language
 * @property {string} step - `start`, `section-<n>`, `check` or `done`.
 * @property {Record<string, any>} answers - By question id, as the controls give them.
 * @property {boolean} [preview]
 * @property {any} [response] - The response made, once submitted without `submit-url`.
 */

/**
 * One problem with an answer, as the form shows it.
 *
 * @typedef {object} AnswerProblem
 * @property {string} question - The question's id.
 * @property {'main' | 'role'} part - The control it concerns (`role` for a respondent's role).
 * @property {string} code - `answer-required`, `too-long`, `bad-email`, `too-many-choices`,
 *   `bad-answer` or another code of the core.
 * @property {string} message - The words shown.
 */

/**
 * A question on the page: its form group(s) and how to read and mark them.
 *
 * @typedef {object} Field
 * @property {Question} q
 * @property {HTMLElement} wrapper - The `govuk-form-group` (hidden when the question is not shown).
 * @property {() => any} read - The current answer, or undefined when unanswered.
 * @property {Record<string, {wrapper: HTMLElement, before: Node, describes: HTMLElement,
 *   errorId: string, target: () => HTMLElement, controls: HTMLElement[]}>} parts
 * @property {() => void} [refresh] - Updates dependent parts (the role list, the count).
 */

/**
 * The respondent's consultation form.
 *
 * @fires DeepDiveConsultation#dd-consultation-submit
 * @fires DeepDiveConsultation#dd-consultation-error
 */
export class DeepDiveConsultation extends HTMLElement {
  static get observedAttributes() {
    return ['src', 'preview', 'lang'];
  }

  /** @type {any} */
  #api = null;
  #connected = false;
  #generation = 0;
  #prefix = '';
  #baseTitle = '';
  /** @type {any} */
  #def = null;
  #hash = '';
  /** @type {Question[]} */
  #questions = [];
  /** @type {'en' | 'cy'} */
  #lang = 'en';
  #preview = false;
  /** @type {string | null} */
  #submitUrl = null;
  /** @type {{state: string, opens: string, closes: string, opensText: any, closesText: any} | null} */
  #status = null;
  /** @type {Draft | null} */
  #draft = null;
  /** A draft for another version or text, waiting for the respondent's decision. @type {{draft: any, key: string | null} | null} */
  #pending = null;
  #step = 'start';
  #returnToCheck = false;
  #storageFailed = false;
  /** A one-off message for the next page shown. @type {{text: string, success?: boolean} | null} */
  #flash = null;
  /** @type {Field[]} */
  #fields = [];
  /** The last response made, and how it went. @type {{response: any, sent: boolean, status: number | null, serverText: string | null} | null} */
  #result = null;
  #busy = false;

  connectedCallback() {
    if (this.#connected) return;
    this.#connected = true;
    instanceCount += 1;
    this.#prefix = this.id ? `${this.id}-dd` : `dd-consultation-${instanceCount}`;
    this.#baseTitle = document.title;
    this.#start();
  }

  /**
   * @param {string} name
   * @param {string | null} old
   * @param {string | null} value
   */
  attributeChangedCallback(name, old, value) {
    if (!this.#connected || old === value) return;
    if (name === 'lang') {
      const wanted = value === 'cy' ? 'cy' : 'en';
      if (wanted !== this.#lang && this.#def) this.#switchLanguage(wanted);
      return;
    }
    this.#start();
  }

  // -------------------------------------------------------------------------------------------
  // Loading
  // -------------------------------------------------------------------------------------------

  /** Loads the API and the definition, then shows the right page; failures are shown in place. */
  async #start() {
    const generation = ++this.#generation;
    this.#def = null;
    this.#lang = this.getAttribute('lang') === 'cy' ? 'cy' : 'en';
    this.replaceChildren(h('p', { class: 'govuk-body', role: 'status' }, this.#w('loading')));
    try {
      this.#api = await loadDeepDive();
      const params = this.hasAttribute('url-params') ? new URLSearchParams(location.search) : null;
      const fromUrl = params?.get('consultation');
      const src = fromUrl ? `builtin:${fromUrl}` : this.getAttribute('src');
      this.#preview = this.hasAttribute('preview') || (params !== null && params.has('preview') && params.get('preview') !== '0');
      const definition = await this.#loadDefinition(src);
      if (generation !== this.#generation || definition === null) return;
      const checked = this.#api.validateConsultation(definition);
      if (!checked.ok) {
        this.#showFailure(this.#w('invalidDefinition'), checked.problems.map((/** @type {any} */ p) =>
          (p.field ? `${p.field}: ${p.message}` : p.message)));
        return;
      }
      const submitUrl = this.getAttribute('submit-url');
      if (submitUrl) {
        const target = new URL(submitUrl, document.baseURI);
        if (target.origin !== location.origin) {
          this.#showFailure(this.#w('submitOtherSite'));
          return;
        }
        this.#submitUrl = target.href;
      } else {
        this.#submitUrl = null;
      }
      this.#def = definition;
      this.#hash = checked.definitionSha256;
      this.#questions = definition.sections.flatMap((/** @type {any} */ s, /** @type {number} */ i) =>
        s.questions.map((/** @type {any} */ q) => ({ ...q, section: i })));
      if (!this.#hasWelsh()) this.#lang = 'en';
      this.#status = this.#api.consultationStatus(definition, localTimestamp());
      this.#restoreDraft();
      this.#render({ focus: false });
    } catch (error) {
      if (generation !== this.#generation) return;
      if (isDeepDiveError(error) && /** @type {any} */ (error).code === 'unknown-consultation') {
        const src = this.getAttribute('src') ?? '';
        const fromUrl = this.hasAttribute('url-params') ? new URLSearchParams(location.search).get('consultation') : null;
        this.#showFailure(this.#w('noBuiltin')(fromUrl ?? src.replace(/^builtin:/, '')));
        return;
      }
      this.#showFailure(describeFailure(error), [], true);
    }
  }

  /**
   * Reads the definition named by `src`: a built-in, or a same-site JSON file.
   *
   * @param {string | null} src
   * @returns {Promise<any>} The definition object, or null after showing why there is none.
   */
  async #loadDefinition(src) {
    if (!src) {
      this.#showFailure(this.#w('noSrc'));
      return null;
    }
    if (src.startsWith('builtin:')) return this.#api.consultationDefinition(src.slice('builtin:'.length));
    const url = new URL(src, document.baseURI);
    if (url.origin !== location.origin) {
      this.#showFailure(this.#w('otherSite'));
      return null;
    }
    const response = await fetch(url.href, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) {
      this.#showFailure(this.#w('fetchFailed')(`${response.status} ${response.statusText}`.trim()));
      return null;
    }
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch {
      this.#showFailure(this.#w('notJson'));
      return null;
    }
  }

  /**
   * Replaces the element's content with a failure that is not the respondent's.
   *
   * @param {string} message
   * @param {string[]} [details]
   * @param {boolean} [reload] - Whether to suggest reloading.
   */
  #showFailure(message, details = [], reload = false) {
    const summary = h('div', { class: 'govuk-error-summary', tabindex: '-1' },
      h('div', { role: 'alert' },
        h('h2', { class: 'govuk-error-summary__title' }, this.#w('failureTitle')),
        h('div', { class: 'govuk-error-summary__body' },
          h('p', { class: 'govuk-body' }, message),
          details.length ? h('ul', { class: 'govuk-list govuk-list--bullet dd-problems' }, details.map((d) => h('li', {}, d))) : null,
          reload ? h('p', { class: 'govuk-body' }, this.#w('tryAgain')) : null)));
    this.replaceChildren(summary);
  }

  // -------------------------------------------------------------------------------------------
  // Words and text
  // -------------------------------------------------------------------------------------------

  /**
   * One of the element's own words in the current language.
   *
   * @param {keyof typeof WORDS.en} key
   * @returns {any}
   */
  #w(key) {
    return WORDS[this.#lang][key] ?? WORDS.en[key];
  }

  /**
   * A text of the definition in the current language (English when it has no Welsh).
   *
   * @param {any} text - A string or `{en, cy}`.
   * @returns {string}
   */
  #t(text) {
    if (text === null || text === undefined) return '';
    if (typeof text === 'string') return text;
    return (this.#lang === 'cy' && text.cy) ? text.cy : (text.en ?? '');
  }

  #hasWelsh() {
    return Array.isArray(this.#def?.languages) && this.#def.languages.includes('cy');
  }

  /**
   * A question's options (fixed for some types), with labels in both languages.
   *
   * @param {Question} q
   * @returns {Array<{value: string, label: any}>}
   */
  #options(q) {
    const fixed = FIXED[/** @type {keyof typeof FIXED} */ (q.type)];
    if (fixed) return fixed.map(([value, en, cy]) => ({ value, label: { en, cy } }));
    return q.options ?? [];
  }

  /**
   * @param {Question} q
   * @returns {Array<{value: string, label: any}>}
   */
  #roles(q) {
    return q.roles?.length ? [...q.roles, ROLE_PREFER_NOT_TO_SAY] : [];
  }

  /**
   * The question's text with "(optional)" when it need not be answered (unless it says so).
   *
   * @param {Question} q
   * @returns {string}
   */
  #questionLabel(q) {
    const text = this.#t(q.text);
    if (q.required) return text;
    const optional = this.#w('optional');
    return /\((optional|dewisol)\)\s*$/i.test(text) ? text : `${text} ${optional}`;
  }

  /**
   * A local moment in words: `10:32am on 25 November 2026`.
   *
   * @param {string | undefined} iso - RFC 3339.
   * @returns {string}
   */
  #when(iso) {
    const date = iso ? new Date(iso) : null;
    if (!date || Number.isNaN(date.getTime())) return String(iso ?? '');
    const hours = date.getHours();
    const h12 = hours % 12 === 0 ? 12 : hours % 12;
    const clock = `${h12}:${String(date.getMinutes()).padStart(2, '0')}${hours < 12 ? this.#w('am') : this.#w('pm')}`;
    const day = `${date.getDate()} ${this.#w('months')[date.getMonth()]} ${date.getFullYear()}`;
    return this.#w('timeOn')(clock, day);
  }

  // -------------------------------------------------------------------------------------------
  // Conditions and answers
  // -------------------------------------------------------------------------------------------

  /**
   * The ids of the questions shown for these answers: a question with a condition is shown
   * when the question it names is shown and answered with one of the values.
   *
   * @param {Record<string, any>} answers
   * @returns {Set<string>}
   */
  #shown(answers) {
    const shown = new Set();
    for (const q of this.#questions) {
      const c = q.condition;
      if (!c) {
        shown.add(q.id);
        continue;
      }
      if (!shown.has(c.question)) continue;
      const values = c.anyOf ?? (c.equals !== undefined ? [c.equals] : []);
      const answer = normalise(this.#question(c.question), answers[c.question]);
      const given = Array.isArray(answer) ? answer
        : answer && typeof answer === 'object' ? [answer.type]
          : answer === undefined ? [] : [answer];
      if (given.some((v) => values.includes(v))) shown.add(q.id);
    }
    return shown;
  }

  /**
   * @param {string} id
   * @returns {Question | undefined}
   */
  #question(id) {
    return this.#questions.find((q) => q.id === id);
  }

  /**
   * The sections with at least one question shown, by index.
   *
   * @param {Record<string, any>} answers
   * @returns {number[]}
   */
  #visibleSections(answers) {
    const shown = this.#shown(answers);
    return this.#def.sections
      .map((/** @type {any} */ s, /** @type {number} */ i) => (s.questions.some((/** @type {any} */ q) => shown.has(q.id)) ? i : -1))
      .filter((/** @type {number} */ i) => i >= 0);
  }

  /**
   * The answers as a response carries them: only questions shown, only those answered,
   * e-mail addresses trimmed.
   *
   * @param {Record<string, any>} answers
   * @returns {Record<string, any>}
   */
  #responseAnswers(answers) {
    const shown = this.#shown(answers);
    /** @type {Record<string, any>} */
    const out = {};
    for (const q of this.#questions) {
      if (!shown.has(q.id)) continue;
      const value = normalise(q, answers[q.id]);
      if (value !== undefined) out[q.id] = value;
    }
    return out;
  }

  /**
   * Checks the answers to some questions (those shown) the GOV.UK way, then asks the core
   * about anything left, so that what the form accepts the analysis accepts too.
   *
   * @param {Question[]} questions
   * @param {Record<string, any>} answers
   * @returns {AnswerProblem[]}
   */
  #check(questions, answers) {
    const shown = this.#shown(answers);
    /** @type {AnswerProblem[]} */
    const problems = [];
    const w = (/** @type {any} */ key) => this.#w(key);
    for (const q of questions) {
      if (!shown.has(q.id)) continue;
      const text = this.#t(q.text);
      const value = normalise(q, answers[q.id]);
      const add = (/** @type {string} */ code, /** @type {string} */ message, part = /** @type {'main' | 'role'} */ ('main')) =>
        problems.push({ question: q.id, part, code, message });
      if (value === undefined) {
        if (q.required) {
          const isText = ['short-text', 'long-text', 'email'].includes(q.type);
          add('answer-required', isText ? w('errEnter')(text) : w('errSelect')(text));
        }
        continue;
      }
      if (['short-text', 'long-text', 'email'].includes(q.type)) {
        const max = q.maxLength ?? DEFAULT_MAX[/** @type {keyof typeof DEFAULT_MAX} */ (q.type)];
        if (q.type === 'email' && !isEmail(value)) add('bad-email', w('errEmail'));
        else if ([...value].length > max) add('too-long', w('errTooLong')(text, max));
        else if (q.type === 'short-text' && /[\r\n]/.test(value)) add('bad-answer', w('errOneLine')(text));
      } else if (q.type === 'multiple-choice') {
        const max = q.maxChoices ?? this.#options(q).length;
        if (value.length > max) add('too-many-choices', w('errTooMany')(text, max));
      } else if (q.type === 'respondent-type') {
        const needsRole = q.required && this.#roles(q).length > 1 && value.type !== 'prefer-not-to-say';
        if (needsRole && !value.role) add('answer-required', w('errRole'), 'role');
      }
    }
    if (problems.length) return problems;
    // The core's own check, for anything the form's rules above do not cover.
    const ids = new Set(questions.map((q) => q.id));
    const result = this.#api.validateResponse(this.#def, this.#responseFor(answers, localTimestamp()));
    for (const p of result.problems ?? []) {
      const match = /^answers\.([a-z0-9-]+)(\.role)?/.exec(p.field ?? '');
      if (!match || !ids.has(match[1]) || p.code === 'answer-required') continue;
      problems.push({ question: match[1], part: match[2] ? 'role' : 'main', code: p.code, message: p.message });
    }
    return problems;
  }

  /**
   * A response for these answers, as the file holds it.
   *
   * @param {Record<string, any>} answers
   * @param {string} submitted - RFC 3339.
   * @returns {Record<string, any>}
   */
  #responseFor(answers, submitted) {
    const draft = /** @type {Draft} */ (this.#draft ?? this.#newDraft());
    const started = Date.parse(draft.started) <= Date.parse(submitted) ? draft.started : submitted;
    /** @type {Record<string, any>} */
    const response = {
      consultation: this.#def.id,
      version: this.#def.version,
      definitionSha256: this.#hash,
      id: draft.id,
      started,
      submitted,
      language: this.#lang,
    };
    if (this.#preview) response.preview = true;
    response.answers = this.#responseAnswers(answers);
    return response;
  }

  // -------------------------------------------------------------------------------------------
  // Drafts
  // -------------------------------------------------------------------------------------------

  /** The storage key of this consultation's draft (preview drafts apart). */
  #key(version = this.#def.version) {
    return `deepdive:${this.#preview ? 'preview-draft' : 'draft'}:${this.#def.id}:${version}`;
  }

  /** @returns {Draft} */
  #newDraft() {
    const now = localTimestamp();
    return {
      format: DRAFT_FORMAT,
      consultation: this.#def.id,
      version: this.#def.version,
      definitionSha256: this.#hash,
      id: randomId(),
      started: now,
      saved: now,
      language: this.#lang,
      step: 'start',
      answers: {},
      ...(this.#preview ? { preview: true } : {}),
    };
  }

  /** Finds a saved draft: this version's (used at once if its hash matches), or another's. */
  #restoreDraft() {
    this.#draft = null;
    this.#pending = null;
    this.#result = null;
    this.#step = 'start';
    const own = readJson(this.#key());
    if (own && typeof own === 'object' && own.answers && typeof own.answers === 'object') {
      if (own.definitionSha256 === this.#hash) {
        this.#draft = own;
        if (!this.hasAttribute('lang') && (own.language === 'cy' || own.language === 'en') && this.#hasWelsh()) this.#lang = own.language;
        if (own.response) {
          this.#result = { response: own.response, sent: false, status: null, serverText: null };
          this.#step = 'done';
        } else if (this.#canRespond()) {
          this.#step = this.#validStep(own.step);
          if (Object.keys(own.answers).length || this.#step !== 'start') {
            this.#flash = { text: this.#w('restored')(this.#when(own.saved)) };
          }
        }
        return;
      }
      this.#pending = { draft: own, key: this.#key() };
      this.#step = 'mismatch';
      return;
    }
    // A draft for another version of this consultation?
    const prefix = `deepdive:${this.#preview ? 'preview-draft' : 'draft'}:${this.#def.id}:`;
    /** @type {{draft: any, key: string} | null} */
    let newest = null;
    for (const key of storageKeys()) {
      if (!key.startsWith(prefix) || key === this.#key()) continue;
      const other = readJson(key);
      if (!other || typeof other.answers !== 'object' || other.response) continue;
      if (!newest || String(other.saved) > String(newest.draft.saved)) newest = { draft: other, key };
    }
    if (newest) {
      this.#pending = newest;
      this.#step = 'mismatch';
    }
  }

  /**
   * A saved step if it still makes sense for the answers, else `start`.
   *
   * @param {unknown} step
   * @returns {string}
   */
  #validStep(step) {
    if (step === 'check') return 'check';
    const m = /^section-(\d+)$/.exec(String(step));
    if (m && this.#visibleSections(this.#draft?.answers ?? {}).includes(Number(m[1]))) return String(step);
    return 'start';
  }

  /** Saves the draft now (every change calls this). */
  #save() {
    if (!this.#draft) return;
    this.#draft.saved = localTimestamp();
    this.#draft.language = this.#lang;
    try {
      localStorage.setItem(this.#key(), JSON.stringify(this.#draft));
      this.#storageFailed = false;
    } catch {
      this.#storageFailed = true;
    }
    const saved = this.querySelector('.dd-draft-saved');
    if (saved) saved.textContent = this.#w('savedAt')(this.#when(this.#draft.saved));
    this.querySelector('.dd-storage-failed')?.toggleAttribute('hidden', !this.#storageFailed);
  }

  /** Deletes the draft from the device. */
  #forget() {
    try {
      localStorage.removeItem(this.#key());
    } catch {
      // Nothing was stored.
    }
    this.#draft = null;
    this.#result = null;
  }

  /** Offers the draft as a file to keep or carry to another device. */
  #saveToFile() {
    if (!this.#draft) return;
    this.#draft.saved = localTimestamp();
    const day = this.#draft.saved.slice(0, 10);
    downloadText(`${this.#def.id}-v${this.#def.version}-answers-${day}.json`,
      `${JSON.stringify(this.#draft, null, 2)}\n`, 'application/json');
  }

  /**
   * Loads answers saved in a file (a draft file or a response file) for this consultation.
   *
   * @param {File} file
   * @returns {Promise<string | null>} A problem to show, or null when loaded.
   */
  async #loadFile(file) {
    /** @type {any} */
    let data;
    try {
      data = JSON.parse(await file.text());
    } catch {
      return this.#w('fileNotJson')(file.name);
    }
    if (!data || typeof data !== 'object' || Array.isArray(data)) return this.#w('fileNotJson')(file.name);
    if (data.consultation !== this.#def.id) return this.#w('fileOtherConsultation')(file.name);
    if (!data.answers || typeof data.answers !== 'object' || Array.isArray(data.answers)) return this.#w('fileNoAnswers')(file.name);
    const draft = {
      ...this.#newDraft(),
      id: typeof data.id === 'string' && /^[0-9a-f-]{36}$/.test(data.id) ? data.id : randomId(),
      started: typeof data.started === 'string' ? data.started : localTimestamp(),
      saved: typeof data.saved === 'string' ? data.saved : (data.submitted ?? localTimestamp()),
      answers: data.answers,
    };
    if (data.version === this.#def.version && data.definitionSha256 === this.#hash) {
      this.#draft = { ...draft, step: 'start' };
      this.#result = null;
      this.#save();
      this.#flash = { text: this.#w('loaded')(file.name), success: true };
      this.#go(this.#firstStep());
      return null;
    }
    this.#pending = { draft: { ...draft, version: data.version, definitionSha256: data.definitionSha256 }, key: null };
    this.#go('mismatch');
    return null;
  }

  /** Keeps the answers of a pending older draft that the current definition still accepts. */
  #keepMatching() {
    const pending = /** @type {{draft: any, key: string | null}} */ (this.#pending);
    const old = pending.draft.answers ?? {};
    const draft = { ...this.#newDraft(), id: pending.draft.id ?? randomId(), started: pending.draft.started ?? localTimestamp() };
    if (typeof draft.started !== 'string' || Number.isNaN(Date.parse(draft.started))) draft.started = localTimestamp();
    if (typeof draft.id !== 'string' || !/^[0-9a-f-]{36}$/.test(draft.id)) draft.id = randomId();
    // The core keeps the answers that are valid for the questions they show. An answer to a
    // question hidden for now is kept if it fits the question (it counts once shown).
    const response = { ...this.#responseFor({}, localTimestamp()), id: draft.id, started: draft.started };
    /** @type {Record<string, any>} */
    let kept = {};
    try {
      kept = { ...(this.#api.validateResponse(this.#def, { ...response, answers: old }).answers ?? {}) };
    } catch {
      kept = {};
    }
    for (const [id, value] of Object.entries(old)) {
      const q = this.#question(id);
      if (id in kept || !q || !q.condition) continue;
      if (isPlausible(q, value, this.#options(q))) kept[id] = value;
    }
    const total = Object.keys(old).length;
    const keptCount = Object.keys(kept).length;
    draft.answers = kept;
    this.#draft = draft;
    if (pending.key) {
      try {
        localStorage.removeItem(pending.key);
      } catch {
        // Nothing to remove.
      }
    }
    this.#pending = null;
    this.#save();
    this.#flash = { text: this.#w('kept')(keptCount, total - keptCount), success: true };
    this.#go(this.#canRespond() ? this.#firstStep() : 'start');
  }

  /** Discards a pending older draft. */
  #discardPending() {
    const pending = this.#pending;
    if (pending?.key) {
      try {
        localStorage.removeItem(pending.key);
      } catch {
        // Nothing to remove.
      }
    }
    this.#pending = null;
    this.#flash = { text: this.#w('discarded'), success: true };
    this.#go('start');
  }

  // -------------------------------------------------------------------------------------------
  // Navigation
  // -------------------------------------------------------------------------------------------

  /** Whether responses are accepted now (always in the preview). */
  #canRespond() {
    return this.#preview || this.#status?.state === 'open';
  }

  /** The first page of questions, or the check page when none is shown. */
  #firstStep() {
    const sections = this.#visibleSections(this.#draft?.answers ?? {});
    return sections.length ? `section-${sections[0]}` : 'check';
  }

  /**
   * Shows a page and remembers it in the draft.
   *
   * @param {string} step
   * @param {{focus?: boolean, problems?: AnswerProblem[] | null, focusQuestion?: string | null, banner?: HTMLElement | null}} [options]
   */
  #go(step, options = {}) {
    this.#step = step;
    if (this.#draft && step !== 'mismatch' && step !== 'delete' && step !== 'done') {
      this.#draft.step = step;
      this.#save();
    }
    this.#render({ focus: true, ...options });
  }

  /** Starts (or continues) a response. */
  #begin() {
    if (!this.#draft) {
      this.#draft = this.#newDraft();
      this.#save();
    }
    const saved = this.#draft.step && this.#draft.step !== 'start' ? this.#validStep(this.#draft.step) : 'start';
    this.#returnToCheck = false;
    this.#go(saved !== 'start' ? saved : this.#firstStep());
  }

  /**
   * @param {'en' | 'cy'} lang
   */
  #switchLanguage(lang) {
    if (!this.#hasWelsh()) return;
    this.#lang = lang;
    if (this.getAttribute('lang') !== lang) this.setAttribute('lang', lang);
    if (this.#draft) this.#save();
    this.#render({ focus: false, keepFocusOn: 'language' });
  }

  // -------------------------------------------------------------------------------------------
  // Rendering
  // -------------------------------------------------------------------------------------------

  /**
   * Renders the current step.
   *
   * @param {{focus?: boolean, problems?: AnswerProblem[] | null, focusQuestion?: string | null,
   *   banner?: HTMLElement | null, keepFocusOn?: string}} [options]
   */
  #render({ focus = true, problems = null, focusQuestion = null, banner = null, keepFocusOn } = {}) {
    this.#fields = [];
    const level = clampLevel(this.getAttribute('heading-level'));
    /** @type {Node[]} */
    const top = [];
    if (this.#hasWelsh()) top.push(this.#languageNav());
    if (this.#preview) top.push(this.#previewBanner());
    const flash = this.#flash;
    this.#flash = null;
    if (flash) {
      top.push(notificationBanner({
        id: `${this.#prefix}-flash-title`,
        title: flash.success ? this.#w('success') : this.#w('important'),
        heading: flash.text,
        success: Boolean(flash.success),
      }));
    }
    if (banner) top.push(banner);

    const step = this.#step;
    /** @type {{content: Node[], heading: string}} */
    let page;
    const sectionMatch = /^section-(\d+)$/.exec(step);
    if (step === 'mismatch' && this.#pending) page = this.#mismatchPage(level);
    else if (step === 'delete') page = this.#deletePage(level);
    else if (step === 'done' && this.#result) page = this.#donePage(level);
    // The question pages are reached only from the start page or a restored draft, both of
    // which check the dates; submitting checks them again.
    else if (sectionMatch && this.#draft) page = this.#sectionPage(Number(sectionMatch[1]), level);
    else if (step === 'check' && this.#draft) page = this.#checkPage(level, problems);
    else {
      this.#step = 'start';
      page = this.#startPage(level);
    }
    const view = h('div', { class: 'dd-consultation__page', 'data-step': this.#step });
    view.append(...top, ...page.content);
    this.lang = this.#lang;
    this.replaceChildren(view);
    if (problems?.length && this.#step.startsWith('section-')) this.#markProblems(problems);

    const hasErrors = Boolean(problems?.length);
    if (!this.hasAttribute('keep-title')) {
      const base = this.#baseTitle ? ` – ${this.#baseTitle}` : '';
      document.title = `${hasErrors ? this.#w('titleError') : ''}${page.heading}${base}`;
    }
    if (keepFocusOn === 'language') {
      /** @type {HTMLElement | null} */ (this.querySelector('.govuk-language-navigation__link'))?.focus();
    } else if (hasErrors) {
      /** @type {HTMLElement | null} */ (this.querySelector('.govuk-error-summary'))?.focus();
    } else if (focusQuestion) {
      const field = this.#fields.find((f) => f.q.id === focusQuestion);
      const target = field?.parts.main.target();
      if (target) {
        target.focus();
        field?.wrapper.scrollIntoView({ block: 'start' });
      }
    } else if (focus) {
      const heading = /** @type {HTMLElement | null} */ (this.querySelector('.dd-step-heading'));
      heading?.focus();
      this.scrollIntoView({ block: 'start' });
    }
  }

  /** The GOV.UK language navigation: the current language as text, the other as a link. */
  #languageNav() {
    const items = /** @type {Array<'en' | 'cy'>} */ (['en', 'cy']).map((lang) => {
      if (lang === this.#lang) {
        return h('li', { class: 'govuk-language-navigation__list-item' },
          h('span', { class: 'govuk-language-navigation__text', 'aria-current': 'true', lang }, ENDONYMS[lang]));
      }
      const link = h('a', {
        class: 'govuk-language-navigation__link', href: `#${this.#prefix}-top`, rel: 'alternate', lang, hreflang: lang,
      }, ENDONYMS[lang]);
      link.addEventListener('click', (event) => {
        event.preventDefault();
        this.#switchLanguage(lang);
      });
      return h('li', { class: 'govuk-language-navigation__list-item' }, link);
    });
    return h('nav', { class: 'govuk-language-navigation dd-language govuk-!-display-none-print', 'aria-label': this.#w('language'), id: `${this.#prefix}-top` },
      h('ul', { class: 'govuk-language-navigation__list' }, items));
  }

  /** The banner that says this is the authors' preview, with the real dates and the notes. */
  #previewBanner() {
    const s = this.#status;
    const notes = (this.#def.notes ?? []).map((/** @type {any} */ n) => h('li', {}, this.#t(n)));
    return notificationBanner({
      id: `${this.#prefix}-preview-title`,
      title: this.#w('previewTitle'),
      heading: this.#w('previewHeading'),
      body: [
        h('p', { class: 'govuk-body' }, this.#w('previewBody'),
          s ? ` ${this.#w('previewDates')(s.opensText[this.#lang], s.closesText[this.#lang])}` : ''),
        notes.length ? h('p', { class: 'govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1' }, this.#w('notes')) : null,
        notes.length ? h('ul', { class: 'govuk-list govuk-list--bullet dd-notes' }, notes) : null,
      ],
    });
  }

  /**
   * A page heading that takes focus when the page changes.
   *
   * @param {number} level
   * @param {string} text
   * @param {string} [size]
   */
  #heading(level, text, size = 'l') {
    return h(`h${level}`, { class: `govuk-heading-${size} dd-step-heading`, tabindex: '-1' }, text);
  }

  /** @param {number} level */
  #startPage(level) {
    const d = this.#def;
    const s = /** @type {any} */ (this.#status);
    const lang = this.#lang;
    const title = this.#t(d.title);
    const sub = Math.min(level + 1, 6);
    /** @type {Node[]} */
    const content = [
      h('span', { class: 'govuk-caption-l' }, this.#w('consultationBy')(d.bodies.map((/** @type {any} */ b) => this.#t(b)).join(', '))),
      this.#heading(level, title, 'xl'),
      h('p', { class: 'govuk-body-l' }, this.#t(d.summary)),
    ];
    const open = this.#canRespond();
    if (!this.#preview && s.state === 'closed') {
      content.push(h('div', { class: 'govuk-inset-text dd-status', 'data-state': 'closed' },
        h(`h${sub}`, { class: 'govuk-heading-m' }, this.#w('closedHeading')),
        h('p', { class: 'govuk-body' }, this.#w('closedAt')(s.closesText[lang])),
        h('p', { class: 'govuk-body govuk-!-margin-bottom-0' }, this.#w('closedNoMore'))));
    } else if (!this.#preview && s.state === 'not-open') {
      content.push(h('div', { class: 'govuk-inset-text dd-status', 'data-state': 'not-open' },
        h(`h${sub}`, { class: 'govuk-heading-m' }, this.#w('notOpenHeading')),
        h('p', { class: 'govuk-body' }, this.#w('opensAt')(s.opensText[lang])),
        h('p', { class: 'govuk-body govuk-!-margin-bottom-0' }, this.#w('notYet'))));
    } else if (!this.#preview) {
      content.push(h('p', { class: 'govuk-body govuk-!-font-weight-bold dd-status', 'data-state': 'open' }, this.#w('closesAt')(s.closesText[lang])));
    }
    content.push(
      h(`h${sub}`, { class: 'govuk-heading-m' }, this.#w('howUsed')),
      h('p', { class: 'govuk-body' }, this.#t(d.responsesUse)),
      h(`h${sub}`, { class: 'govuk-heading-m' }, this.#w('confidentiality')),
      h('p', { class: 'govuk-body' }, this.#t(d.confidentiality)),
      h(`h${sub}`, { class: 'govuk-heading-m' }, this.#w('otherFormats')),
      h('p', { class: 'govuk-body' }, this.#t(d.alternativeFormats)));
    if (open) {
      content.push(
        h(`h${sub}`, { class: 'govuk-heading-m' }, this.#w('beforeYouStart')),
        h('p', { class: 'govuk-body' }, this.#w('savedAsYouGo')));
      const started = Boolean(this.#draft);
      const button = h('button', {
        type: 'button', class: 'govuk-button govuk-button--start', 'data-module': 'govuk-button', draggable: 'false',
      }, started ? this.#w('continueResponse') : this.#w('startNow'), startIcon());
      button.addEventListener('click', () => this.#begin());
      content.push(button, this.#loadForm());
      if (started) content.push(this.#draftTools(sub));
    } else if (this.#draft) {
      content.push(warningText(this.#w('savedDraftClosed')), this.#draftTools(sub));
    }
    return { content, heading: title };
  }

  /** The details component with a file picker to carry on from a saved file. */
  #loadForm() {
    const id = `${this.#prefix}-load`;
    const input = /** @type {HTMLInputElement} */ (h('input', {
      class: 'govuk-file-upload', id, name: 'saved-answers', type: 'file', accept: '.json,application/json', 'aria-describedby': `${id}-hint`,
    }));
    const group = h('div', { class: 'govuk-form-group' },
      h('label', { class: 'govuk-label', for: id }, this.#w('loadLabel')),
      h('div', { class: 'govuk-hint', id: `${id}-hint` }, this.#w('loadHint')),
      input);
    const button = h('button', { type: 'submit', class: 'govuk-button govuk-button--secondary', 'data-module': 'govuk-button' }, this.#w('loadButton'));
    const form = h('form', { class: 'dd-load-form', novalidate: true }, group, button);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const file = input.files?.[0];
      const problem = file ? await this.#loadFile(file) : this.#w('chooseFile');
      if (problem) this.#markInline(group, input, `${id}-error`, problem, true);
    });
    const details = h('details', { class: 'govuk-details dd-load' },
      h('summary', { class: 'govuk-details__summary' },
        h('span', { class: 'govuk-details__summary-text' }, this.#w('loadFromFile'))),
      h('div', { class: 'govuk-details__text' }, form));
    return details;
  }

  /**
   * Marks one control in error in place (used outside the question pages).
   *
   * @param {HTMLElement} group
   * @param {HTMLElement} control
   * @param {string} errorId
   * @param {string} message
   * @param {boolean} [focus]
   */
  #markInline(group, control, errorId, message, focus = false) {
    group.querySelector(`#${CSS.escape(errorId)}`)?.remove();
    group.classList.add('govuk-form-group--error');
    control.before(h('p', { class: 'govuk-error-message', id: errorId },
      h('span', { class: 'govuk-visually-hidden' }, `${this.#w('errorPrefix')} `), message));
    const describedBy = new Set((control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean));
    describedBy.add(errorId);
    control.setAttribute('aria-describedby', [...describedBy].join(' '));
    control.classList.add('govuk-file-upload--error');
    if (focus) control.focus();
  }

  /**
   * The box at the foot of a page: the answers are saved; save them to a file, or delete them.
   *
   * @param {number} level
   */
  #draftTools(level) {
    const saveButton = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary', 'data-module': 'govuk-button' }, this.#w('saveToFile'));
    saveButton.addEventListener('click', () => this.#saveToFile());
    const deleteButton = h('button', { type: 'button', class: 'govuk-button govuk-button--warning', 'data-module': 'govuk-button' }, this.#w('deleteDraft'));
    deleteButton.addEventListener('click', () => {
      this.#returnStep = this.#step;
      this.#go('delete');
    });
    return h('div', { class: 'dd-draft-tools govuk-!-display-none-print' },
      h(`h${level}`, { class: 'govuk-heading-s' }, this.#w('draftTitle')),
      h('p', { class: 'govuk-body-s' }, this.#w('draftBody'), ' ',
        h('span', { class: 'dd-draft-saved' }, this.#draft ? this.#w('savedAt')(this.#when(this.#draft.saved)) : '')),
      h('div', { class: 'dd-storage-failed', hidden: !this.#storageFailed }, warningText(this.#w('storageFailed'))),
      h('div', { class: 'govuk-button-group' }, saveButton, deleteButton));
  }

  /** The step to go back to from the delete page. */
  #returnStep = 'start';

  /** @param {number} level */
  #deletePage(level) {
    const yes = h('button', { type: 'button', class: 'govuk-button govuk-button--warning', 'data-module': 'govuk-button' }, this.#w('deleteYes'));
    yes.addEventListener('click', () => {
      this.#forget();
      this.#flash = { text: this.#w('deleted'), success: true };
      this.#go('start');
    });
    const no = h('a', { href: `#${this.#prefix}-top`, class: 'govuk-link' }, this.#w('deleteNo'));
    no.addEventListener('click', (event) => {
      event.preventDefault();
      this.#go(this.#returnStep === 'delete' ? 'start' : this.#returnStep);
    });
    const heading = this.#w('deleteTitle');
    return {
      heading,
      content: [
        this.#heading(level, heading),
        h('p', { class: 'govuk-body' }, this.#w('deleteBody')),
        h('div', { class: 'govuk-button-group' }, yes, no),
      ],
    };
  }

  /** @param {number} level */
  #mismatchPage(level) {
    const pending = /** @type {{draft: any}} */ (this.#pending);
    const keep = h('button', { type: 'button', class: 'govuk-button', 'data-module': 'govuk-button' }, this.#w('keepMatching'));
    keep.addEventListener('click', () => this.#keepMatching());
    const discard = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary', 'data-module': 'govuk-button' }, this.#w('discard'));
    discard.addEventListener('click', () => this.#discardPending());
    const heading = this.#w('mismatchTitle');
    return {
      heading,
      content: [
        h('span', { class: 'govuk-caption-l' }, this.#t(this.#def.title)),
        this.#heading(level, heading),
        h('p', { class: 'govuk-body' }, this.#w('mismatchBody')(this.#when(pending.draft.saved))),
        h('div', { class: 'govuk-button-group' }, keep, discard),
      ],
    };
  }

  /**
   * A back link that runs a handler.
   *
   * @param {() => void} onClick
   */
  #backLink(onClick) {
    const link = h('a', { href: `#${this.#prefix}-top`, class: 'govuk-back-link' }, this.#w('back'));
    link.addEventListener('click', (event) => {
      event.preventDefault();
      onClick();
    });
    return link;
  }

  /**
   * One section of questions, with Continue.
   *
   * @param {number} index
   * @param {number} level
   */
  #sectionPage(index, level) {
    const draft = /** @type {Draft} */ (this.#draft);
    const section = this.#def.sections[index];
    const visible = this.#visibleSections(draft.answers);
    const position = visible.indexOf(index);
    const back = this.#backLink(() => {
      const previous = visible[position - 1];
      const toCheck = this.#returnToCheck;
      this.#returnToCheck = false;
      this.#go(toCheck ? 'check' : previous === undefined ? 'start' : `section-${previous}`);
    });
    const questions = this.#questions.filter((q) => q.section === index);
    const fields = questions.map((q) => this.#field(q, draft.answers[q.id], Math.min(level + 1, 6)));
    this.#fields = fields;
    const form = h('form', { class: 'dd-section', novalidate: true, 'data-section': section.id },
      fields.map((f) => f.wrapper),
      h('div', { class: 'govuk-button-group' },
        h('button', { type: 'submit', class: 'govuk-button', 'data-module': 'govuk-button' }, this.#w('continue'))));
    const update = () => {
      for (const f of fields) {
        const value = f.read();
        if (value === undefined) delete draft.answers[f.q.id];
        else draft.answers[f.q.id] = value;
      }
      const shown = this.#shown(draft.answers);
      for (const f of fields) {
        f.wrapper.hidden = !shown.has(f.q.id);
        f.refresh?.();
      }
      this.#save();
    };
    form.addEventListener('input', update);
    form.addEventListener('change', update);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      update();
      const found = this.#check(questions, draft.answers);
      if (found.length) {
        this.#showProblems(found);
        return;
      }
      const after = this.#visibleSections(draft.answers);
      const next = after.find((i) => i > index);
      const goCheck = this.#returnToCheck || next === undefined;
      this.#go(goCheck ? 'check' : `section-${next}`);
    });
    const shown = this.#shown(draft.answers);
    for (const f of fields) {
      f.wrapper.hidden = !shown.has(f.q.id);
      f.refresh?.();
    }
    const title = this.#t(section.title);
    const content = [
      back,
      h('span', { class: 'govuk-caption-l' }, this.#w('partOf')(position + 1, visible.length)),
      this.#heading(level, title),
      section.intro ? h('p', { class: 'govuk-body' }, this.#t(section.intro)) : null,
      form,
      this.#draftTools(Math.min(level + 1, 6)),
    ].filter(Boolean);
    // The error summary goes here when there are problems (see #markProblems).
    const summaryHolder = h('div', { class: 'dd-error-holder' });
    content.splice(1, 0, summaryHolder);
    return { heading: title, content: /** @type {Node[]} */ (content) };
  }

  /**
   * Re-renders the page with the problems, focusing the error summary.
   *
   * @param {AnswerProblem[]} problems
   */
  #showProblems(problems) {
    this.#render({ focus: false, problems });
    this.dispatchEvent(new CustomEvent('dd-consultation-error', {
      bubbles: true, composed: true,
      detail: { problems: problems.map(({ question, code, message }) => ({ question, code, message })) },
    }));
  }

  /**
   * Puts the error summary and the inline messages on the current page of questions.
   *
   * @param {AnswerProblem[]} problems
   */
  #markProblems(problems) {
    const holder = this.querySelector('.dd-error-holder');
    if (!holder || holder.firstChild) return;
    for (const p of problems) {
      const field = this.#fields.find((f) => f.q.id === p.question);
      const part = field?.parts[p.part] ?? field?.parts.main;
      if (!field || !part) continue;
      part.wrapper.classList.add('govuk-form-group--error');
      part.before.parentNode?.insertBefore(h('p', { class: 'govuk-error-message', id: part.errorId },
        h('span', { class: 'govuk-visually-hidden' }, `${this.#w('errorPrefix')} `), p.message), part.before);
      const describedBy = new Set((part.describes.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean));
      describedBy.add(part.errorId);
      part.describes.setAttribute('aria-describedby', [...describedBy].join(' '));
      for (const control of part.controls) {
        if (control.classList.contains('govuk-input')) control.classList.add('govuk-input--error');
        if (control.classList.contains('govuk-textarea')) control.classList.add('govuk-textarea--error');
      }
    }
    holder.replaceWith(errorSummary(this.#w('thereIsAProblem'), problems.map((p) => {
      const field = this.#fields.find((f) => f.q.id === p.question);
      const part = field?.parts[p.part] ?? field?.parts.main;
      return { message: p.message, target: part ? part.target : null };
    })));
  }

  /**
   * Builds a question's form group.
   *
   * @param {Question} q
   * @param {any} value - The saved answer.
   * @param {number} level - The level of the question's heading.
   * @returns {Field}
   */
  #field(q, value, level) {
    const id = `${this.#prefix}-q-${q.id}`;
    const label = this.#questionLabel(q);
    const size = 'm';
    const hn = `h${level}`;
    const hintId = `${id}-hint`;
    const helpText = q.help ? this.#t(q.help) : '';
    switch (q.type) {
      case 'short-text':
      case 'email': {
        const input = /** @type {HTMLInputElement} */ (h('input', {
          class: `govuk-input${q.type === 'email' ? '' : ' govuk-!-width-two-thirds'}`, id, name: q.id,
          type: q.type === 'email' ? 'email' : 'text', spellcheck: q.type === 'email' ? 'false' : null,
          autocomplete: q.type === 'email' ? 'email' : 'off', 'aria-describedby': helpText ? hintId : null,
        }));
        input.value = typeof value === 'string' ? value : '';
        const wrapper = h('div', { class: 'govuk-form-group', 'data-question': q.id },
          h(hn, { class: 'govuk-label-wrapper' },
            h('label', { class: `govuk-label govuk-label--${size}`, for: id }, label)),
          helpText ? h('div', { class: 'govuk-hint', id: hintId }, helpText) : null,
          input);
        return {
          q, wrapper, read: () => (input.value === '' ? undefined : input.value),
          parts: { main: { wrapper, before: input, describes: input, errorId: `${id}-error`, target: () => input, controls: [input] } },
        };
      }
      case 'long-text': {
        const max = q.maxLength ?? DEFAULT_MAX['long-text'];
        const infoId = `${id}-info`;
        const textarea = /** @type {HTMLTextAreaElement} */ (h('textarea', {
          class: 'govuk-textarea govuk-js-character-count', id, name: q.id, rows: '5',
          'aria-describedby': [helpText ? hintId : '', infoId].filter(Boolean).join(' '),
        }));
        textarea.value = typeof value === 'string' ? value : '';
        const info = h('div', { id: infoId, class: 'govuk-hint govuk-character-count__message govuk-visually-hidden' }, this.#w('charsUpTo')(max));
        const visible = h('div', { class: 'govuk-hint govuk-character-count__message govuk-character-count__status', 'aria-hidden': 'true' });
        const live = h('div', { class: 'govuk-character-count__sr-status govuk-visually-hidden', 'aria-live': 'polite' });
        const wrapper = h('div', { class: 'govuk-form-group govuk-character-count', 'data-module': 'govuk-character-count', 'data-maxlength': max, 'data-question': q.id },
          h(hn, { class: 'govuk-label-wrapper' },
            h('label', { class: `govuk-label govuk-label--${size}`, for: id }, label)),
          helpText ? h('div', { class: 'govuk-hint', id: hintId }, helpText) : null,
          textarea, info, visible, live);
        /** @type {ReturnType<typeof setTimeout> | undefined} */
        let timer;
        const countText = () => {
          const length = [...textarea.value].length;
          if (length === 0) return this.#w('charsUpTo')(max);
          return length > max ? this.#w('charsOver')(length - max) : this.#w('charsLeft')(max - length);
        };
        const refresh = () => {
          const over = [...textarea.value].length > max;
          visible.textContent = countText();
          visible.classList.toggle('govuk-error-message', over);
          visible.classList.toggle('govuk-hint', !over);
          textarea.classList.toggle('govuk-textarea--error', over || wrapper.classList.contains('govuk-form-group--error'));
          clearTimeout(timer);
          timer = setTimeout(() => {
            if (document.activeElement === textarea) live.textContent = countText();
          }, 1000);
        };
        return {
          q, wrapper, refresh, read: () => (textarea.value === '' ? undefined : textarea.value),
          parts: { main: { wrapper, before: textarea, describes: textarea, errorId: `${id}-error`, target: () => textarea, controls: [textarea] } },
        };
      }
      case 'multiple-choice': {
        const options = this.#options(q);
        const chosen = new Set(Array.isArray(value) ? value : []);
        const boxes = options.map((o, i) => /** @type {HTMLInputElement} */ (h('input', {
          class: 'govuk-checkboxes__input', id: i === 0 ? id : `${id}-${i + 1}`, name: q.id, type: 'checkbox', value: o.value,
          checked: chosen.has(o.value),
        })));
        const max = q.maxChoices ?? options.length;
        const hint = [helpText, max < options.length ? this.#w('selectUpTo')(max) : this.#w('selectAll')].filter(Boolean).join(' ');
        const group = h('div', { class: 'govuk-checkboxes', 'data-module': 'govuk-checkboxes' },
          options.map((o, i) => h('div', { class: 'govuk-checkboxes__item' },
            boxes[i], h('label', { class: 'govuk-label govuk-checkboxes__label', for: boxes[i].id }, this.#t(o.label)))));
        const fieldset = h('fieldset', { class: 'govuk-fieldset', 'aria-describedby': hintId },
          h('legend', { class: `govuk-fieldset__legend govuk-fieldset__legend--${size}` },
            h(hn, { class: 'govuk-fieldset__heading' }, label)),
          h('div', { class: 'govuk-hint', id: hintId }, hint),
          group);
        const wrapper = h('div', { class: 'govuk-form-group', 'data-question': q.id }, fieldset);
        return {
          q, wrapper,
          read: () => {
            const list = boxes.filter((b) => b.checked).map((b) => b.value);
            return list.length ? list : undefined;
          },
          parts: { main: { wrapper, before: group, describes: fieldset, errorId: `${id}-error`, target: () => boxes[0], controls: [] } },
        };
      }
      case 'respondent-type':
        return this.#respondentField(q, value, id, label, hn, helpText);
      default: {
        // single-choice, agree-scale, yes-no, consent-to-publish: radios.
        const options = this.#options(q);
        const radios = options.map((o, i) => /** @type {HTMLInputElement} */ (h('input', {
          class: 'govuk-radios__input', id: i === 0 ? id : `${id}-${i + 1}`, name: q.id, type: 'radio', value: o.value,
          checked: value === o.value,
        })));
        const inline = q.type === 'yes-no';
        const group = h('div', { class: `govuk-radios${inline ? ' govuk-radios--inline' : ''}`, 'data-module': 'govuk-radios' },
          options.map((o, i) => h('div', { class: 'govuk-radios__item' },
            radios[i], h('label', { class: 'govuk-label govuk-radios__label', for: radios[i].id }, this.#t(o.label)))));
        const fieldset = h('fieldset', { class: 'govuk-fieldset', 'aria-describedby': helpText ? hintId : null },
          h('legend', { class: `govuk-fieldset__legend govuk-fieldset__legend--${size}` },
            h(hn, { class: 'govuk-fieldset__heading' }, label)),
          helpText ? h('div', { class: 'govuk-hint', id: hintId }, helpText) : null,
          group);
        const wrapper = h('div', { class: 'govuk-form-group', 'data-question': q.id }, fieldset);
        return {
          q, wrapper, read: () => radios.find((r) => r.checked)?.value,
          parts: { main: { wrapper, before: group, describes: fieldset, errorId: `${id}-error`, target: () => radios[0], controls: [] } },
        };
      }
    }
  }

  /**
   * The respondent-type question: the type as radios, then the role (when the question has
   * roles and the respondent is an individual or an organisation).
   *
   * @param {Question} q
   * @param {any} value
   * @param {string} id
   * @param {string} label
   * @param {string} hn - The heading tag of the question, e.g. `h2`.
   * @param {string} helpText
   * @returns {Field}
   */
  #respondentField(q, value, id, label, hn, helpText) {
    const size = 'm';
    const hintId = `${id}-hint`;
    const types = this.#options(q);
    const current = value && typeof value === 'object' ? value : {};
    const radios = types.map((o, i) => /** @type {HTMLInputElement} */ (h('input', {
      class: 'govuk-radios__input', id: i === 0 ? id : `${id}-${i + 1}`, name: q.id, type: 'radio', value: o.value,
      checked: current.type === o.value,
    })));
    const group = h('div', { class: 'govuk-radios', 'data-module': 'govuk-radios' },
      types.map((o, i) => h('div', { class: 'govuk-radios__item' },
        radios[i], h('label', { class: 'govuk-label govuk-radios__label', for: radios[i].id }, this.#t(o.label)))));
    const fieldset = h('fieldset', { class: 'govuk-fieldset', 'aria-describedby': helpText ? hintId : null },
      h('legend', { class: `govuk-fieldset__legend govuk-fieldset__legend--${size}` },
        h(hn, { class: 'govuk-fieldset__heading' }, label)),
      helpText ? h('div', { class: 'govuk-hint', id: hintId }, helpText) : null,
      group);
    const main = h('div', { class: 'govuk-form-group' }, fieldset);
    const wrapper = h('div', { class: 'dd-respondent', 'data-question': q.id }, main);
    const roles = this.#roles(q);
    /** @type {Field['parts']} */
    const parts = { main: { wrapper: main, before: group, describes: fieldset, errorId: `${id}-error`, target: () => radios[0], controls: [] } };
    /** @type {HTMLInputElement[]} */
    let roleRadios = [];
    if (roles.length) {
      const roleId = `${id}-role`;
      roleRadios = roles.map((o, i) => /** @type {HTMLInputElement} */ (h('input', {
        class: 'govuk-radios__input', id: i === 0 ? roleId : `${roleId}-${i + 1}`, name: `${q.id}-role`, type: 'radio', value: o.value,
        checked: current.role === o.value,
      })));
      const roleGroup = h('div', { class: 'govuk-radios govuk-radios--small', 'data-module': 'govuk-radios' },
        roles.map((o, i) => h('div', { class: 'govuk-radios__item' },
          roleRadios[i], h('label', { class: 'govuk-label govuk-radios__label', for: roleRadios[i].id }, this.#t(o.label)))));
      const roleFieldset = h('fieldset', { class: 'govuk-fieldset' },
        h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, `${this.#w('roleLegend')}${q.required ? '' : ` ${this.#w('optional')}`}`),
        roleGroup);
      const roleWrapper = h('div', { class: 'govuk-form-group dd-role' }, roleFieldset);
      wrapper.append(roleWrapper);
      parts.role = { wrapper: roleWrapper, before: roleGroup, describes: roleFieldset, errorId: `${roleId}-error`, target: () => roleRadios[0], controls: [] };
    }
    const read = () => {
      const type = radios.find((r) => r.checked)?.value;
      if (!type) return undefined;
      const role = type === 'prefer-not-to-say' ? undefined : roleRadios.find((r) => r.checked)?.value;
      return role ? { type, role } : { type };
    };
    const refresh = () => {
      if (!parts.role) return;
      const type = radios.find((r) => r.checked)?.value;
      parts.role.wrapper.hidden = !type || type === 'prefer-not-to-say';
    };
    return { q, wrapper, read, refresh, parts };
  }

  /**
   * Check your answers, then submit.
   *
   * @param {number} level
   * @param {AnswerProblem[] | null} problems
   */
  #checkPage(level, problems) {
    const draft = /** @type {Draft} */ (this.#draft);
    const answers = draft.answers;
    const shown = this.#shown(answers);
    const visible = this.#visibleSections(answers);
    const sub = Math.min(level + 1, 6);
    const back = this.#backLink(() => {
      const last = visible[visible.length - 1];
      this.#go(last === undefined ? 'start' : `section-${last}`);
    });
    /** @type {Node[]} */
    const lists = [];
    for (const index of visible) {
      const section = this.#def.sections[index];
      lists.push(h(`h${sub}`, { class: 'govuk-heading-m' }, this.#t(section.title)));
      const rows = this.#questions.filter((q) => q.section === index && shown.has(q.id)).map((q) => {
        const change = h('a', { class: 'govuk-link', href: `#${this.#prefix}-q-${q.id}` },
          this.#w('change'), h('span', { class: 'govuk-visually-hidden' }, ` ${this.#t(q.text)}`));
        change.addEventListener('click', (event) => {
          event.preventDefault();
          this.#returnToCheck = true;
          this.#go(`section-${index}`, { focusQuestion: q.id });
        });
        return h('div', { class: 'govuk-summary-list__row', 'data-question': q.id },
          h('dt', { class: 'govuk-summary-list__key' }, this.#t(q.text)),
          h('dd', { class: 'govuk-summary-list__value' }, this.#answerNodes(q, answers[q.id])),
          h('dd', { class: 'govuk-summary-list__actions' }, change));
      });
      lists.push(h('dl', { class: 'govuk-summary-list govuk-!-margin-bottom-9', 'data-section': section.id }, rows));
    }
    const submit = h('button', { type: 'button', class: 'govuk-button dd-submit', 'data-module': 'govuk-button' }, this.#w('submit'));
    submit.addEventListener('click', () => this.#submit());
    const sendBody = this.#preview ? this.#w('sendBodyPreview')
      : this.#submitUrl ? this.#w('sendBodyUrl')(new URL(this.#submitUrl).host) : this.#w('sendBodyFile');
    const heading = this.#w('checkTitle');
    /** @type {Node[]} */
    const content = [back];
    if (problems?.length) {
      content.push(errorSummary(this.#w('thereIsAProblem'), problems.map((p) => {
        if (!p.question) return { message: p.message };
        const q = this.#question(p.question);
        return {
          message: p.message,
          href: `#${this.#prefix}-q-${p.question}`,
          onClick: q ? () => {
            this.#returnToCheck = true;
            const questions = this.#questions.filter((x) => x.section === q.section);
            const onPage = this.#check(questions, answers);
            this.#step = `section-${q.section}`;
            if (this.#draft) this.#draft.step = this.#step;
            this.#save();
            if (onPage.length) this.#showProblems(onPage);
            else this.#render({ focusQuestion: q.id });
          } : null,
        };
      })));
    }
    content.push(
      h('span', { class: 'govuk-caption-l' }, this.#t(this.#def.title)),
      this.#heading(level, heading),
      ...lists,
      h(`h${sub}`, { class: 'govuk-heading-m' }, this.#w('nowSend')),
      h('p', { class: 'govuk-body' }, sendBody),
      h('div', { class: 'govuk-button-group' }, submit),
      this.#draftTools(sub));
    return { heading, content };
  }

  /**
   * An answer in words, for the check page and the confirmation.
   *
   * @param {Question} q
   * @param {any} raw
   * @returns {Node | string}
   */
  #answerNodes(q, raw) {
    const value = normalise(q, raw);
    if (value === undefined) return h('span', { class: 'dd-not-answered' }, this.#w('notAnswered'));
    const label = (/** @type {Array<{value: string, label: any}>} */ list, /** @type {string} */ v) =>
      this.#t(list.find((o) => o.value === v)?.label ?? v);
    if (q.type === 'multiple-choice') {
      return h('ul', { class: 'govuk-list' }, value.map((/** @type {string} */ v) => h('li', {}, label(this.#options(q), v))));
    }
    if (q.type === 'respondent-type') {
      const type = label(this.#options(q), value.type);
      if (!value.role) return type;
      return h('span', {}, type, h('br'), `${this.#w('role')}: ${label(this.#roles(q), value.role)}`);
    }
    if (['short-text', 'long-text', 'email'].includes(q.type)) return h('span', { class: 'dd-answer-text' }, value);
    return label(this.#options(q), value);
  }

  /**
   * An answer as plain text, for the readable copy.
   *
   * @param {Question} q
   * @param {any} raw
   * @returns {string}
   */
  #answerText(q, raw) {
    const value = normalise(q, raw);
    if (value === undefined) return this.#w('notAnswered');
    const label = (/** @type {Array<{value: string, label: any}>} */ list, /** @type {string} */ v) =>
      this.#t(list.find((o) => o.value === v)?.label ?? v);
    if (q.type === 'multiple-choice') return value.map((/** @type {string} */ v) => `- ${label(this.#options(q), v)}`).join('\n');
    if (q.type === 'respondent-type') {
      const type = label(this.#options(q), value.type);
      return value.role ? `${type}\n${this.#w('role')}: ${label(this.#roles(q), value.role)}` : type;
    }
    if (['short-text', 'long-text', 'email'].includes(q.type)) return value;
    return label(this.#options(q), value);
  }

  // -------------------------------------------------------------------------------------------
  // Submitting
  // -------------------------------------------------------------------------------------------

  /** Checks every answer, makes the response and sends it or offers it as a file. */
  async #submit() {
    if (this.#busy || !this.#draft) return;
    const draft = this.#draft;
    // The device clock decides: the consultation may have closed while the form was open.
    const now = localTimestamp();
    this.#status = this.#api.consultationStatus(this.#def, now);
    if (!this.#preview && this.#status?.state !== 'open') {
      const s = /** @type {any} */ (this.#status);
      const message = s.state === 'closed' ? this.#w('closedAtSubmit')(s.closesText[this.#lang]) : this.#w('notOpenAtSubmit')(s.opensText[this.#lang]);
      this.#render({ focus: false, problems: [{ question: '', part: 'main', code: `consultation-${s.state}`, message }] });
      /** @type {HTMLElement | null} */ (this.querySelector('.govuk-error-summary'))?.focus();
      return;
    }
    // Every page's own checks, then the core's check of the whole response.
    const problems = this.#check(this.#questions, draft.answers);
    const response = this.#responseFor(draft.answers, now);
    if (!problems.length) {
      const result = this.#api.validateResponse(this.#def, response);
      for (const p of result.problems ?? []) {
        const match = /^answers\.([a-z0-9-]+)/.exec(p.field ?? '');
        problems.push({ question: match ? match[1] : '', part: 'main', code: p.code, message: p.message });
      }
    }
    if (problems.length) {
      this.#render({ focus: false, problems });
      /** @type {HTMLElement | null} */ (this.querySelector('.govuk-error-summary'))?.focus();
      this.dispatchEvent(new CustomEvent('dd-consultation-error', {
        bubbles: true, composed: true,
        detail: { problems: problems.map(({ question, code, message }) => ({ question, code, message })) },
      }));
      return;
    }
    if (this.#submitUrl && !this.#preview) {
      await this.#send(response);
      return;
    }
    draft.response = response;
    draft.step = 'done';
    this.#save();
    this.#result = { response, sent: false, status: null, serverText: null };
    this.#go('done');
    this.dispatchEvent(new CustomEvent('dd-consultation-submit', {
      bubbles: true, composed: true, detail: { response, sent: false, status: null },
    }));
  }

  /**
   * POSTs the response to `submit-url`; the draft is deleted only when the server accepts it.
   *
   * @param {any} response
   */
  async #send(response) {
    this.#busy = true;
    const button = /** @type {HTMLButtonElement | null} */ (this.querySelector('.dd-submit'));
    if (button) {
      button.disabled = true;
      button.setAttribute('aria-disabled', 'true');
    }
    const status = h('p', { class: 'govuk-body dd-sending', role: 'status' }, this.#w('sending'));
    button?.parentElement?.after(status);
    /** @type {Response | null} */
    let answer = null;
    /** @type {string} */
    let why = '';
    try {
      answer = await fetch(/** @type {string} */ (this.#submitUrl), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/plain' },
        body: JSON.stringify(response),
        credentials: 'same-origin',
      });
    } catch {
      why = this.#w('networkFailed');
    }
    this.#busy = false;
    const serverText = answer ? await readServerText(answer) : null;
    if (answer && answer.ok) {
      this.#forget();
      this.#result = { response, sent: true, status: answer.status, serverText };
      this.#go('done');
      this.dispatchEvent(new CustomEvent('dd-consultation-submit', {
        bubbles: true, composed: true, detail: { response, sent: true, status: answer.status },
      }));
      return;
    }
    if (answer) why = this.#w('serverAnswered')(`${answer.status}${answer.statusText ? ` ${answer.statusText}` : ''}`);
    const download = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary', 'data-module': 'govuk-button' }, this.#w('downloadJson'));
    download.addEventListener('click', () => this.#downloadResponse(response));
    const banner = notificationBanner({
      id: `${this.#prefix}-send-title`,
      title: this.#w('important'),
      heading: this.#w('sendFailed')(why),
      body: [
        h('p', { class: 'govuk-body' }, this.#w('sendFailedKeep')),
        serverText ? h('p', { class: 'govuk-body' }, `${this.#w('serverSaid')} `, h('span', { class: 'dd-server-text' }, serverText)) : null,
        download,
      ],
    });
    banner.classList.add('dd-send-failed');
    this.#render({ focus: false, banner });
    /** @type {HTMLElement | null} */ (this.querySelector('.dd-send-failed'))?.setAttribute('tabindex', '-1');
    /** @type {HTMLElement | null} */ (this.querySelector('.dd-send-failed'))?.focus();
  }

  /** @param {any} response */
  #downloadResponse(response) {
    downloadText(`${response.consultation}-response-${String(response.id).slice(0, 8)}.json`,
      `${JSON.stringify(response, null, 2)}\n`, 'application/json');
  }

  /** @param {any} response */
  #downloadReadable(response) {
    const lines = [this.#t(this.#def.title), ''];
    lines.push(`${this.#w('responseId')}: ${response.id}`);
    lines.push(`${this.#w('started')}: ${this.#when(response.started)} (${response.started})`);
    lines.push(`${this.#w('submitted')}: ${this.#when(response.submitted)} (${response.submitted})`);
    lines.push(`${this.#w('languageName')}: ${this.#w('languages')[response.language] ?? response.language}`);
    if (response.preview) lines.push('', this.#w('previewMarked'));
    const shown = this.#shown(response.answers);
    for (const section of this.#def.sections) {
      const questions = section.questions.filter((/** @type {any} */ q) => shown.has(q.id));
      if (!questions.length) continue;
      lines.push('', this.#t(section.title).toUpperCase(), '');
      for (const raw of questions) {
        const q = /** @type {Question} */ (this.#question(raw.id));
        lines.push(this.#t(q.text));
        lines.push(...this.#answerText(q, response.answers[q.id]).split('\n').map((l) => `    ${l}`), '');
      }
    }
    downloadText(`${response.consultation}-response-${String(response.id).slice(0, 8)}.txt`, `${lines.join('\r\n')}\r\n`);
  }

  /** @param {number} level */
  #donePage(level) {
    const { response, sent, serverText } = /** @type {NonNullable<typeof this.#result>} */ (this.#result);
    const sub = Math.min(level + 1, 6);
    const title = response.preview ? this.#w('previewSubmittedTitle') : sent ? this.#w('sentTitle') : this.#w('submittedTitle');
    const panel = h('div', { class: 'govuk-panel govuk-panel--confirmation' },
      h(`h${level}`, { class: 'govuk-panel__title dd-step-heading', tabindex: '-1' }, title),
      h('div', { class: 'govuk-panel__body' }, this.#w('yourReference'), h('br'), h('strong', { class: 'dd-reference' }, response.id)));
    const json = h('button', { type: 'button', class: 'govuk-button', 'data-module': 'govuk-button' }, this.#w('downloadJson'));
    json.addEventListener('click', () => this.#downloadResponse(response));
    const text = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary', 'data-module': 'govuk-button' }, this.#w('downloadTextCopy'));
    text.addEventListener('click', () => this.#downloadReadable(response));
    const print = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary', 'data-module': 'govuk-button' }, this.#w('print'));
    print.addEventListener('click', () => window.print());

    const shown = this.#shown(response.answers);
    /** @type {Node[]} */
    const copy = [];
    for (const section of this.#def.sections) {
      const questions = section.questions.filter((/** @type {any} */ q) => shown.has(q.id));
      if (!questions.length) continue;
      copy.push(h(`h${Math.min(sub + 1, 6)}`, { class: 'govuk-heading-s' }, this.#t(section.title)));
      copy.push(summaryList(questions.map((/** @type {any} */ raw) => {
        const q = /** @type {Question} */ (this.#question(raw.id));
        return [this.#t(q.text), this.#answerNodes(q, response.answers[q.id])];
      }), { className: 'dd-copy' }));
    }

    /** @type {Node[]} */
    const content = [panel];
    if (response.preview) content.push(warningText(this.#w('previewMarked')));
    content.push(
      h(`h${sub}`, { class: 'govuk-heading-m' }, this.#w('whatNext')),
      h('p', { class: 'govuk-body' }, sent ? this.#w('whatNextSent') : this.#w('whatNextFile')));
    if (sent && serverText) {
      content.push(h('p', { class: 'govuk-body dd-server-reply' }, `${this.#w('serverSaid')} `, h('span', { class: 'dd-server-text' }, serverText)));
    }
    content.push(h('div', { class: 'govuk-button-group govuk-!-display-none-print' }, json, text, print));
    content.push(
      h(`h${sub}`, { class: 'govuk-heading-m' }, this.#w('responseDetails')),
      summaryList([
        [this.#w('consultation'), this.#t(this.#def.title)],
        [this.#w('responseId'), response.id],
        [this.#w('started'), this.#when(response.started)],
        [this.#w('submitted'), this.#when(response.submitted)],
        [this.#w('languageName'), this.#w('languages')[response.language] ?? response.language],
      ], { className: 'dd-response-details' }),
      h(`h${sub}`, { class: 'govuk-heading-m' }, this.#w('yourAnswers')),
      ...copy);
    if (!sent) {
      const remove = h('button', { type: 'button', class: 'govuk-button govuk-button--warning', 'data-module': 'govuk-button' }, this.#w('removeFromDevice'));
      remove.addEventListener('click', () => {
        this.#forget();
        this.#flash = { text: this.#w('removed'), success: true };
        this.#go('start');
      });
      content.push(h('div', { class: 'govuk-!-display-none-print' },
        h('p', { class: 'govuk-body' }, this.#w('keptOnDevice')),
        h('div', { class: 'govuk-button-group' }, remove)));
    } else {
      const again = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary', 'data-module': 'govuk-button' }, this.#w('startAgain'));
      again.addEventListener('click', () => {
        this.#result = null;
        this.#go('start');
      });
      content.push(h('div', { class: 'govuk-button-group govuk-!-display-none-print' }, again));
    }
    return { heading: title, content };
  }
}

/**
 * An answer as a response carries it, or undefined when unanswered: blank text, an empty
 * list and a respondent type without a type count as unanswered; e-mail addresses are trimmed.
 *
 * @param {Question | undefined} q
 * @param {any} value
 * @returns {any}
 */
function normalise(q, value) {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') {
    if (value.trim() === '') return undefined;
    return q?.type === 'email' ? value.trim() : value;
  }
  if (Array.isArray(value)) return value.length ? value : undefined;
  if (typeof value === 'object') {
    if (!value.type) return undefined;
    return value.role ? { type: value.type, role: value.role } : { type: value.type };
  }
  return value;
}

/**
 * Whether an answer to a question not shown yet could be an answer to it (its kind and values
 * fit), to keep it from an earlier draft until the question is shown.
 *
 * @param {Question} q
 * @param {any} value
 * @param {Array<{value: string}>} options
 * @returns {boolean}
 */
function isPlausible(q, value, options) {
  const values = new Set(options.map((o) => o.value));
  if (['short-text', 'long-text', 'email'].includes(q.type)) return typeof value === 'string';
  if (q.type === 'multiple-choice') return Array.isArray(value) && value.every((v) => values.has(v));
  if (q.type === 'respondent-type') return Boolean(value && typeof value === 'object' && values.has(value.type));
  return typeof value === 'string' && values.has(value);
}

/**
 * HTML's definition of a valid e-mail address, with a dot in the domain (as the core checks).
 *
 * @param {string} s
 * @returns {boolean}
 */
function isEmail(s) {
  if (s.length > 254) return false;
  const at = s.indexOf('@');
  if (at <= 0 || at !== s.lastIndexOf('@')) return false;
  const local = s.slice(0, at);
  const labels = s.slice(at + 1).split('.');
  return /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+$/.test(local)
    && labels.length >= 2
    && labels.every((l) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l));
}

/**
 * A random response id in lower case.
 *
 * @returns {string}
 */
function randomId() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Reads a JSON value from localStorage, or null.
 *
 * @param {string} key
 * @returns {any}
 */
function readJson(key) {
  try {
    const text = localStorage.getItem(key);
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** @returns {string[]} Every localStorage key (none when storage is unavailable). */
function storageKeys() {
  try {
    return Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i) ?? '');
  } catch {
    return [];
  }
}

/**
 * The server's reply as short text: a JSON object's `message` or `reference`, or the text.
 *
 * @param {Response} response
 * @returns {Promise<string | null>}
 */
async function readServerText(response) {
  try {
    const text = (await response.text()).trim();
    if (!text) return null;
    try {
      const data = JSON.parse(text);
      if (data && typeof data === 'object') {
        const parts = [data.message, data.reference ? `${data.reference}` : null].filter((x) => typeof x === 'string' && x);
        if (parts.length) return parts.join(' ').slice(0, 500);
      }
    } catch {
      // Not JSON: the text itself.
    }
    return text.slice(0, 500);
  } catch {
    return null;
  }
}

/**
 * @param {string | null} value
 * @returns {number}
 */
function clampLevel(value) {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 4 ? n : 1;
}

if (!customElements.get('dd-consultation')) {
  customElements.define('dd-consultation', DeepDiveConsultation);
}
