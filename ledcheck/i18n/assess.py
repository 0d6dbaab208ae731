"""``ledcheck assess``'s own words (prompts, help, keys, review, messages), by language.

English is the key (see :mod:`ledcheck.i18n`). Answer words (yes, no, partial, N/A, no data)
are shared with the reports and live in :mod:`ledcheck.i18n.report`; ``KEYS`` lists them so the
completeness test notices if they go missing.
"""
from __future__ import annotations

#: Words assess uses that other catalogue modules translate.
KEYS = ("yes", "no", "partial", "N/A", "no data", "none", "answered", "error", "warning",
        "not selected", "draft translation, not yet reviewed")

_VI = {
    # numbers (FORMAT.md §6.11: decimal commas)
    "e.g. 1234,5": "ví dụ 1234,5",
    "e.g. 1234.5": "ví dụ 1234.5",
    "'{text}' has thousands separators: type the number without them ({example})":
        "'{text}' có dấu phân cách hàng nghìn: hãy gõ số không có dấu phân cách ({example})",
    "'{text}' is not a number": "'{text}' không phải là số",
    "'{text}' is not a finite number": "'{text}' không phải là số hữu hạn",
    "'{text}' is not a number: use a dot for decimals and no thousands separators ({example})":
        "'{text}' không phải là số: dùng dấu chấm cho phần thập phân, không dùng dấu phân cách "
        "hàng nghìn ({example})",
    "'{text}' is not a date: type it as YYYY-MM-DD, e.g. 2026-03-01":
        "'{text}' không phải là ngày: hãy gõ theo dạng YYYY-MM-DD, ví dụ 2026-03-01",
    # conditions, profiles, kept answers
    "{condition} is false": "điều kiện {condition} không đúng",
    "{condition} is false: counted 0": "điều kiện {condition} không đúng: tính là 0",
    "outside the profile {profile}": "ngoài bộ chỉ số {profile}",
    "the file's profile '{profile}' is not one of this checklist's: every indicator is asked":
        "bộ chỉ số '{profile}' của tệp không có trong bộ công cụ này: hỏi mọi chỉ số",
    "{id} is not asked: {why}": "{id} không được hỏi: {why}",
    "{id} is not asked ({why}): its answer is kept in the file, not scored":
        "{id} không được hỏi ({why}): câu trả lời vẫn được giữ trong tệp, không tính điểm",
    "{id} is no longer asked ({why}): its answer ({answer}) is kept in the file, not scored":
        "{id} không còn được hỏi ({why}): câu trả lời ({answer}) vẫn được giữ trong tệp, "
        "không tính điểm",
    "now asked: {ids}": "nay cần trả lời: {ids}",
    "{id} is not an indicator of {checklist}; its answer is kept in the file as it is":
        "{id} không phải là chỉ số của {checklist}; câu trả lời được giữ nguyên trong tệp",
    "{id}: {problem} (it will be asked again; the file keeps it until then)":
        "{id}: {problem} (sẽ được hỏi lại; tệp vẫn giữ câu trả lời này cho đến lúc đó)",
    "cannot read this answer ({what})": "không đọc được câu trả lời này ({what})",
    "a text indicator cannot be answered no_data":
        "chỉ số dạng văn bản không thể trả lời no_data (không có dữ liệu)",
    "'{key}' does not go with no_data": "'{key}' không đi kèm với no_data (không có dữ liệu)",
    # moving
    "this is the first indicator: there is nothing before it":
        "đây là chỉ số đầu tiên: không có chỉ số nào trước nó",
    "nothing to skip here: type an indicator id to revise it, or press Enter to finish":
        "không có gì để bỏ qua: gõ mã chỉ số để sửa, hoặc nhấn Enter để kết thúc",
    "every applicable indicator is answered": "mọi chỉ số áp dụng đều đã được trả lời",
    "the answer to {id} is removed": "đã xóa câu trả lời của {id}",
    "{id} has no answer to clear": "{id} chưa có câu trả lời để xóa",
    "no indicator '{id}'": "không có chỉ số '{id}'",
    "type a section number from 1 to {n}, or an indicator id":
        "gõ số thứ tự lĩnh vực từ 1 đến {n}, hoặc mã chỉ số",
    # typed answers
    "type an answer (? shows how), or s to skip":
        "hãy nhập câu trả lời (? để xem hướng dẫn), hoặc s để bỏ qua",
    "type y ({yes}), n ({no}) or p ({partial})": "gõ y ({yes}), n ({no}) hoặc p ({partial})",
    "type y ({yes}) or n ({no})": "gõ y ({yes}) hoặc n ({no})",
    "{id} takes yes or no (partial is not allowed)":
        "{id} chỉ nhận có hoặc không (không cho phép một phần)",
    "{id} cannot be answered na (not applicable): answer it, or s to skip it":
        "{id} không thể trả lời na (không áp dụng): hãy trả lời, hoặc s để bỏ qua",
    "{id} is free text: leave it empty (Enter) if there is nothing to write":
        "{id} là văn bản tự do: để trống (Enter) nếu không có gì để ghi",
    "type the text after the backslash": "hãy gõ nội dung sau dấu gạch chéo ngược",
    "go to an indicator first (type its id), then e": "hãy đến một chỉ số trước (gõ mã), rồi gõ e",
    "type one of the levels {levels}": "gõ một trong các mức {levels}",
    "{value} is not a level: type one of {levels}": "{value} không phải là một mức: gõ một trong {levels}",
    "a number 1-{n} or an option id": "một số từ 1-{n} hoặc mã lựa chọn",
    "an option id": "mã lựa chọn",
    "numbers 1-{n} or ids": "các số từ 1-{n} hoặc mã",
    "option ids": "các mã lựa chọn",
    "'{token}' is not an option: type {how}": "'{token}' không phải là lựa chọn: hãy gõ {how}",
    "'{token}' is not an option: type {how}, e.g. 1,3 (- for none)":
        "'{token}' không phải là lựa chọn: hãy gõ {how}, ví dụ 1,3 (- nếu không có)",
    # breakdowns
    "parts must be numbers >= 0": "các phần phải là số >= 0",
    "type the number for {category}": "hãy gõ số cho {category}",
    "{category} must be a number >= 0, not {value}": "{category} phải là số >= 0, không phải {value}",
    "the parts so far add up to {sum}, more than the total {total}: type the {breakdown} parts "
    "again (- for no breakdown)":
        "tổng các phần đến giờ là {sum}, lớn hơn tổng {total}: hãy gõ lại các phần theo "
        "{breakdown} (- nếu không phân tách)",
    "the {breakdown} parts add up to {sum}, not to the total {total}: type them again (- for no "
    "breakdown)":
        "các phần theo {breakdown} cộng lại là {sum}, không bằng tổng {total}: hãy gõ lại "
        "(- nếu không phân tách)",
    "type the total, or the {n} parts by {breakdown} joined by + ({parts})":
        "gõ tổng, hoặc {n} phần theo {breakdown} nối bằng dấu + ({parts})",
    # evidence
    "evidence and note of {id} saved": "đã lưu bằng chứng và ghi chú của {id}",
    "evidence and note will be saved with the answer to {id}":
        "bằng chứng và ghi chú sẽ được lưu cùng câu trả lời của {id}",
    "evidence of {id} saved": "đã lưu bằng chứng của {id}",
    "evidence will be saved with the answer to {id}": "bằng chứng sẽ được lưu cùng câu trả lời của {id}",
    # the question
    "? help · b back · s skip · nd no data · e evidence/note · g go to · q quit":
        "? trợ giúp · b lùi · s bỏ qua · nd không có dữ liệu · e bằng chứng · q thoát",
    "free text (one line)": "văn bản tự do (một dòng)",
    "(? shows all)": "(? để xem đầy đủ)",
    "all that apply": "chọn tất cả các mục phù hợp",
    "evidence required": "bắt buộc có bằng chứng",
    "na allowed": "cho phép na (không áp dụng)",
    "number": "số",
    "number ({unit})": "số ({unit})",
    "{low} to {high}": "từ {low} đến {high}",
    "at least {low}": "ít nhất {low}",
    "at most {high}": "nhiều nhất {high}",
    "baseline {baseline} → target {target}": "mức cơ sở {baseline} → mục tiêu {target}",
    " (lower is better)": " (càng thấp càng tốt)",
    "and": "và",
    "or": "hoặc",
    "or the {n} parts by {breakdown} joined by +": "hoặc {n} phần theo {breakdown}, nối bằng +",
    "or the parts joined by +": "hoặc các phần nối bằng +",
    "then the parts by {breakdowns}": "sau đó là các phần theo {breakdowns}",
    "answer: {answer}": "câu trả lời: {answer}",
    "evidence: {text}": "bằng chứng: {text}",
    "note: {text}": "ghi chú: {text}",
    "note:": "lưu ý:",
    "earlier answer (Enter restores): {answer}": "câu trả lời trước (Enter để khôi phục): {answer}",
    "in the file: {problem}": "trong tệp: {problem}",
    # prompts
    "level {low}-{high}": "mức {low}-{high}",
    "level {levels}": "mức {levels}",
    "option 1-{n}": "lựa chọn 1-{n}",
    "option id": "mã lựa chọn",
    "options 1-{n} (e.g. 1,3; - = none)": "lựa chọn 1-{n} (ví dụ 1,3; - = không có)",
    "option ids (- = none)": "các mã lựa chọn (- = không có)",
    "text": "văn bản",
    "text (Enter = skip)": "văn bản (Enter = bỏ qua)",
    "Go to indicator (id, Enter = stay): ": "Đi tới chỉ số (mã, Enter = ở lại): ",
    " (Enter = no breakdown)": " (Enter = không phân tách)",
    "{id} {breakdown}: {category} (of {total}){first}{default}: ":
        "{id} {breakdown}: {category} (trong tổng {total}){first}{default}: ",
    "Enter = keep": "Enter = giữ nguyên",
    "Enter = add later": "Enter = bổ sung sau",
    "{id} evidence (required; {how}){default}: ": "{id} bằng chứng (bắt buộc; {how}){default}: ",
    "{id} why N/A? (a short justification; Enter = later){default}: ":
        "{id} vì sao không áp dụng? (giải thích ngắn; Enter = để sau){default}: ",
    "{id} evidence (- clears){default}: ": "{id} bằng chứng (- để xóa){default}: ",
    "{id} note (- clears){default}: ": "{id} ghi chú (- để xóa){default}: ",
    "Section number · id to revise · a = answer the rest · Enter = finish: ":
        "Số lĩnh vực · mã để sửa · a = trả lời phần còn lại · Enter = kết thúc: ",
    "Section number · id to revise · Enter = finish: ": "Số lĩnh vực · mã để sửa · Enter = kết thúc: ",
    "Unanswered: ": "Chưa trả lời: ",
    " (a answers them)": " (a để trả lời)",
    "{id} skipped": "đã bỏ qua {id}",
    "no evidence yet": "chưa có bằng chứng",
    " (unchanged)": " (không đổi)",
    # help
    "Type a section number to list its indicators, an indicator id (e.g. ST5) to revise its "
    "answer, a to answer the unanswered ones, p to list the problems, Enter to finish.":
        "Gõ số lĩnh vực để xem các chỉ số của nó, mã chỉ số (ví dụ ST5) để sửa câu trả lời, a "
        "để trả lời các chỉ số còn lại, p để xem các vấn đề, Enter để kết thúc.",
    "Type the level's number (or its label).": "Gõ số của mức (hoặc tên mức).",
    "Type y or {yes}, n or {no}, p or {partial}.": "Gõ y hoặc {yes}, n hoặc {no}, p hoặc {partial}.",
    "Type y or {yes}, n or {no}.": "Gõ y hoặc {yes}, n hoặc {no}.",
    "Type the option's number or its id.": "Gõ số thứ tự hoặc mã của lựa chọn.",
    "Type the option's id.": "Gõ mã của lựa chọn.",
    "Type the numbers or ids of all that apply, separated by commas or spaces (1,3,4 or 1 3 4); "
    "- (or none) for none of them.":
        "Gõ số thứ tự hoặc mã của mọi lựa chọn phù hợp, cách nhau bằng dấu phẩy hoặc dấu cách "
        "(1,3,4 hoặc 1 3 4); - (hoặc none) nếu không có lựa chọn nào.",
    "Type a number (a comma or a dot for decimals, no thousands separators; the unit may follow it).":
        "Gõ một số (dấu phẩy hoặc dấu chấm cho phần thập phân, không dùng dấu phân cách hàng "
        "nghìn; có thể ghi đơn vị phía sau).",
    "Type a number (a dot for decimals; the unit may follow it).":
        "Gõ một số (dấu chấm cho phần thập phân; có thể ghi đơn vị phía sau).",
    "Type the text on one line.": "Gõ nội dung trên một dòng.",
    "Answer: {how}": "Trả lời: {how}",
    "Then the parts by {breakdowns} are asked one by one; the last part defaults to what "
    "remains, Enter at the first part means no breakdown. Or type the parts as {parts} (e.g. "
    "30+34): the total is their sum.":
        "Sau đó lần lượt hỏi các phần theo {breakdowns}; phần cuối mặc định là phần còn lại, "
        "Enter ở phần đầu tiên nghĩa là không phân tách. Hoặc gõ các phần dạng {parts} (ví dụ "
        "30+34): tổng là tổng các phần.",
    "na ({na}): not applicable here.": "na ({na}): không áp dụng ở đây.",
    "nd ({no_data}): we did not measure it (a data gap; not the same as N/A).":
        "nd ({no_data}): chưa đo lường (thiếu dữ liệu; khác với không áp dụng).",
    "Enter keeps the answer shown in [brackets].": "Enter giữ câu trả lời trong [ngoặc vuông].",
    "Type this part as a number; Enter takes the value in [brackets]; - removes the breakdown; b "
    "goes back to the total.":
        "Gõ phần này bằng một số; Enter lấy giá trị trong [ngoặc vuông]; - bỏ phân tách; b quay "
        "lại tổng.",
    "Type the means of verification (document, link, source) or a note; Enter keeps what is in "
    "[brackets] or leaves it empty; - clears it.":
        "Gõ nguồn kiểm chứng (văn bản, đường dẫn, nguồn) hoặc ghi chú; Enter giữ nội dung trong "
        "[ngoặc vuông] hoặc để trống; - để xóa.",
    "Commands, at any prompt:": "Lệnh, dùng ở mọi dấu nhắc:",
    "this help": "trợ giúp này",
    "back (inside an indicator: its value)": "lùi lại (trong một chỉ số: về giá trị của nó)",
    "skip it for now": "tạm bỏ qua",
    "not applicable (where allowed)": "không áp dụng (nếu được phép)",
    "no data: not measured": "không có dữ liệu: chưa đo lường",
    "add evidence and a note (e TEXT sets the evidence)": "thêm bằng chứng và ghi chú (e NỘI DUNG ghi bằng chứng)",
    "go to an indicator (g ST5)": "đi tới một chỉ số (g ST5)",
    "remove this answer": "xóa câu trả lời này",
    "save and quit (--resume continues)": "lưu và thoát (--resume để tiếp tục)",
    "Each answer is saved at once. Start a text with \\ if it reads as a command.":
        "Mỗi câu trả lời được lưu ngay. Bắt đầu nội dung bằng \\ nếu nó trùng với một lệnh.",
    # review
    "id": "mã",
    "indicator": "chỉ số",
    "answer": "câu trả lời",
    "score": "điểm",
    "section": "lĩnh vực",
    "rating": "xếp loại",
    "not scored": "không tính điểm",
    "does not apply": "điều kiện không thỏa",
    "implied (0)": "ngầm định (0)",
    "kept: {answer}": "giữ: {answer}",
    "(invalid)": "(không hợp lệ)",
    "(no text)": "(không có nội dung)",
    "(unanswered)": "(chưa trả lời)",
    "Review: ": "Xem lại: ",
    "Overall: ": "Tổng điểm: ",
    "{answered} of {applicable} applicable answered": "đã trả lời {answered}/{applicable} chỉ số áp dụng",
    "{n} unanswered": "{n} chưa trả lời",
    "{n} no data": "{n} không có dữ liệu",
    "{n} implied (0)": "{n} ngầm định (0)",
    "{n} N/A": "{n} không áp dụng",
    "Problems ({n}):": "Vấn đề ({n}):",
    "No problems.": "Không có vấn đề.",
    "{n} problems ({errors} errors): p lists them": "{n} vấn đề ({errors} lỗi): p để xem",
    "Kept, not scored (not asked): {ids}": "Vẫn giữ, không tính điểm (không được hỏi): {ids}",
    # the file
    "this file's comments and layout cannot be kept (it uses YAML that the round-trip writer "
    "does not read); its data is kept, and the file as it was is copied to {backup}":
        "không giữ được chú thích và bố cục của tệp này (có cú pháp YAML mà trình ghi không đọc "
        "được); dữ liệu vẫn được giữ, và tệp ban đầu được sao lưu vào {backup}",
    "the file was removed while the session ran: it is written again from the session":
        "tệp đã bị xóa trong khi đang đánh giá: tệp được ghi lại từ phiên này",
    "the file was changed by someone else and is no submission now; your answers are kept here, "
    "not saved over it":
        "tệp đã bị người khác sửa và không còn là phiếu trả lời; câu trả lời của bạn được giữ "
        "ở đây, không ghi đè lên tệp",
    "the file was changed outside this session (comments or layout): kept its changes":
        "tệp đã được sửa bên ngoài phiên này (chú thích hoặc bố cục): giữ các thay đổi đó",
    "the file was made with checklist version {old}; it is saved as version {new}":
        "tệp được lập với bộ công cụ phiên bản {old}; sẽ được lưu theo phiên bản {new}",
    "the file was changed outside this session: took {ids} from it":
        "tệp đã được sửa bên ngoài phiên này: đã lấy {ids} từ tệp",
    "{ids} changed both in the file and here: your answers here are saved":
        "{ids} đã được sửa cả trong tệp và ở đây: lưu câu trả lời của bạn ở đây",
    "the file was changed by someone else and cannot be read now ({problem}); your answers are "
    "kept here, not saved over it: fix or save the file, then answer again":
        "tệp đã bị người khác sửa và hiện không đọc được ({problem}); câu trả lời của bạn được "
        "giữ ở đây, không ghi đè lên tệp: hãy sửa hoặc lưu tệp, rồi trả lời tiếp",
    # the command
    "r = resume it, o = overwrite it, n = new name, q = quit":
        "r = tiếp tục, o = ghi đè, n = tên mới, q = thoát",
    "r = resume it, o = overwrite it, q = quit": "r = tiếp tục, o = ghi đè, q = thoát",
    "{path} already exists{what}. {choices} [r]: ": "{path} đã tồn tại{what}. {choices} [r]: ",
    "type r, o, n or q": "gõ r, o, n hoặc q",
    "type r, o or q": "gõ r, o hoặc q",
    "Nothing changed.": "Không có gì thay đổi.",
    "Subject (city or body assessed): ": "Đơn vị được đánh giá (thành phố hoặc cơ quan): ",
    "the subject is required, e.g. Da Nang City":
        "bắt buộc nhập đơn vị được đánh giá, ví dụ Thành phố Đà Nẵng",
    "{id} {version} · {n} indicators. Ctrl-C stops.": "{id} {version} · {n} chỉ số. Ctrl-C để dừng.",
    "Assessor (your name, Enter = none): ": "Người đánh giá (họ tên, Enter = bỏ trống): ",
    "Date [{today}]: ": "Ngày [{today}]: ",
    "Period (e.g. 2026-Q1, baseline; Enter = none): ":
        "Kỳ đánh giá (ví dụ 2026-Q1, baseline; Enter = bỏ trống): ",
    "Saving to {path} after every answer. ? shows help.":
        "Lưu vào {path} sau mỗi câu trả lời. ? để xem trợ giúp.",
    "1 answer": "1 câu trả lời",
    "{n} answers": "{n} câu trả lời",
    "continuing at {id}": "tiếp tục ở {id}",
    "all answered: the review": "đã trả lời hết: xem lại",
    "{subject}: {answers} so far; {at}.": "{subject}: đến nay có {answers}; {at}.",
    "at {id} ({pos}/{total}), ": "ở {id} ({pos}/{total}), ",
    "{reason}: {answers} saved to {path} ({where}{missing} applicable unanswered). Continue with:":
        "{reason}: đã lưu {answers} vào {path} ({where}{missing} chỉ số áp dụng chưa trả lời). "
        "Tiếp tục bằng lệnh:",
    "Stopped": "Đã dừng",
    "Interrupted": "Bị ngắt",
    "End of input": "Hết dữ liệu nhập",
    "cannot save: {why}": "không lưu được: {why}",
    " (answers are kept; the next answer tries again)":
        " (câu trả lời vẫn được giữ; câu trả lời tiếp theo sẽ thử lưu lại)",
    "-- more: Enter; q = stop -- ": "-- tiếp: Enter; q = dừng -- ",
    "Done: {answered} of {applicable} applicable indicators answered, score {score}.":
        "Xong: đã trả lời {answered}/{applicable} chỉ số áp dụng, điểm {score}.",
    "{n} applicable indicators unanswered; continue later with:":
        "{n} chỉ số áp dụng chưa trả lời; tiếp tục sau bằng lệnh:",
    "Saved to:": "Đã lưu vào:",
}

WORDS = {"vi": _VI}
