"""Vietnamese tasks without a modal verb: how laws, decrees, decisions and directives assign work.

Vietnamese legal and Party texts rarely say "phải" for a task. They write:

* an actor and a verb in the indicative: "Chính phủ quy định chi tiết Điều này", "Cơ quan thông
  tin, báo chí phối hợp với ...", "Người thành lập hộ kinh doanh nộp 01 bộ hồ sơ ...";
* a verb first, the actor being the lead-in's or the directive's: "Đẩy mạnh công tác ...", "Rà
  soát, hoàn thiện ...", "a) Chỉnh lý tài liệu trước khi giao nộp ..." under "có trách nhiệm sau
  đây:", "1. Lợi dụng chức vụ ..." under "Điều 7. Các hành vi bị nghiêm cấm".

:func:`find_task` recognises both, using the sentence's heading and lead-in: a verb-first item
under a list of contents, criteria or conditions ("bao gồm:", "nội dung chủ yếu sau:") is not a
task; under a heading or lead-in that bans ("cấm") it is a prohibition. :func:`find_actor` reads
the actor (the words before the verb, or the subject of the lead-in). Matching is on lower-cased
NFC text; offsets are the sentence's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Verbs that open a task ("Đẩy mạnh ...") or follow its actor ("Bộ Y tế chủ trì ..."). Verbs that
# are also common nouns at the start of a clause ("báo cáo", "quy định", "tổ chức", "cấp") are only
# taken after an actor or when the clause does not go on as a noun phrase.
_TASK_VERBS = (
    "ban hành|bảo đảm|đảm bảo|bảo vệ|bắt đầu|bố trí|bồi dưỡng|bổ sung|cập nhật|chỉ đạo|chỉ huy|"
    "chỉnh lý|chủ động|chủ trì|chú trọng|chịu trách nhiệm|công bố|công khai|củng cố|cung cấp|"
    "cụ thể hóa|cụ thể hoá|đánh giá|đào tạo|đẩy mạnh|đề xuất|đôn đốc|đổi mới|duy trì|giám sát|"
    "gửi|hoàn thành|hoàn thiện|huy động|hướng dẫn|khẩn trương|kiểm tra|kiên quyết|lập|"
    "lồng ghép|lưu trữ|mở rộng|nâng cao|nghiên cứu|nộp|phát huy|phát triển|phổ biến|phối hợp|"
    "phục hồi|quản lý|rà soát|sửa đổi|tăng cường|tận dụng|tập trung|tham mưu|thẩm định|"
    "theo dõi|thi hành|thông báo|thống kê|thu hồi|thúc đẩy|thực hiện|tiếp nhận|tiếp tục|"
    "tranh thủ|triển khai|trình|tuyên truyền|tuyển dụng|tổng hợp|ứng dụng|xây dựng|xử lý|"
    "giải quyết|hủy bỏ|huỷ bỏ|cử|phân công|quy định chi tiết|quy định cụ thể|báo cáo|quy định|"
    "tổ chức thực hiện|tổ chức|cấp"
)
_NOUN_LIKE_AT_START = re.compile(
    r"(?:báo\s+cáo|quy\s+định|tổ\s+chức|cấp|lập|trình|cử)\b(?!\s+(?:việc|các|cho|về|kết\s+quả|"
    r"thực\s+hiện|chi\s+tiết|cụ\s+thể|tuyển|hồ\s+sơ|thủ\s+tướng|cấp\s+có|bộ|ủy|chính\s+phủ))"
)
_VERB_FIRST = re.compile(r"(?:không\s+)?(?:" + _TASK_VERBS + r")\b")
_LABEL = re.compile(
    r"^\s*(?:[-•*+]\s*|\(?(?:[a-zđ]|[ivx]{1,4}|\d{1,3})\)\s*|\d{1,3}(?:\.\d{1,3})*\.?\s+)"
)

# Who is told to act: state bodies, officials, party bodies, and the persons a law binds.
_ACTOR = (
    r"(?:các\s+|mọi\s+|những\s+)?(?:bộ\s+trưởng|thủ\s+tướng(?:\s+chính\s+phủ)?|chính\s+phủ|"
    r"bộ(?!\s+(?:hồ\s+sơ|luật|phận|máy|đội|chỉ\s+số|mặt|tài\s+liệu|quy\s+tắc))|ban\s+bí\s+thư|ban|ủy\s+ban|uỷ\s+ban|cơ\s+quan|cục|tổng\s+cục|"
    r"sở|hội\s+đồng|tòa\s+án|toà\s+án|viện\s+kiểm\s+sát|kiểm\s+toán\s+nhà\s+nước|"
    r"ngân\s+hàng\s+nhà\s+nước|thủ\s+trưởng|chủ\s+tịch|giám\s+thị|giám\s+đốc|tổng\s+giám\s+đốc|"
    r"trung\s+tâm|văn\s+phòng|doanh\s+nghiệp|tổ\s+chức(?=\s*,|\s+và\s+cá\s+nhân|\s+tín\s+dụng)|"
    r"cá\s+nhân|công\s+dân|người|chủ\s+đầu\s+tư|cấp\s+ủy|cấp\s+uỷ|tổ\s+chức\s+đảng|đảng\s+viên|"
    r"địa\s+phương|nhà\s+trường|trường|đơn\s+vị|thương\s+nhân|nhà\s+đầu\s+tư|ban\s+kiểm\s+soát|"
    r"kiểm\s+soát\s+viên|điều\s+tra\s+viên|thanh\s+tra)\b"
)
_ACTOR_RE = re.compile(r"(?:^|(?<=,\s)|(?<=thì\s)|(?<=^\W)|(?<=“)|(?<=\")|(?<=:\s))" + _ACTOR, re.I)
_ACTOR_AT = re.compile(_ACTOR, re.I)
_OPENER = re.compile(
    r"(?:trong\s+thời\s+hạn|trong\s+vòng|trường\s+hợp|đối\s+với|khi|sau\s+khi|trước\s+khi|kể\s+từ|"
    r"căn\s+cứ|ngoài|trên\s+cơ\s+sở|hằng\s+năm|hàng\s+năm|định\s+kỳ|theo|chậm\s+nhất|mỗi\s+lần|"
    r"nếu|để)\b"
)
_TOLD = re.compile(r"(?:yêu\s+cầu|đề\s+nghị|giao(?:\s+cho)?)\s+(?=" + _ACTOR + ")", re.I)
_LEVEL_AFTER = re.compile(
    r"\s+(?:huyện|tỉnh|xã|trung\s+ương|bộ|có\s+thẩm\s+quyền|quốc|cao|trên|dưới|ủy|thành\s+phố|cơ\s+sở|"
    r"phòng|sở|tổng\s+cục|cục|vụ|trường|khoa|học|độ)\b"
)
_TABLE_LEAD = re.compile(r"(?:cơ\s+quan|đơn\s+vị)\s+chủ\s+trì\s*:\s*", re.I)
_ACTOR_VERB = re.compile(r"(?<![\w])(?:" + _TASK_VERBS + r")\b")
# "được" before the verb makes the clause passive or a permission ("được tuyển chọn", "được
# lập theo kỳ"); these words before a verb make it a noun ("việc thực hiện", "theo quy định").
_PASSIVE = re.compile(
    r"\bđược\b|\bquyết\s+định\b|\bcó\s+thể\b|\bcó\s+quyền\b|\bkhông\s+(?:nhất\s+thiết|cần|phải|bắt\s+buộc)\b"
)
_NOUN_BEFORE = re.compile(
    r"(?:việc|theo|các|những|tại|của|với|về|quá\s+trình|tình\s+hình|kết\s+quả|chương|quy|"
    r"thành|cơ\s+quan|đơn\s+vị|hoạt\s+động|công\s+tác|nhiệm\s+vụ|sự|được|để|và|hoặc|đã|cần|"
    r"khi|trước\s+khi|nhằm|trong|công|xác|thiết)\s+$"
)
# Lists whose items are contents, criteria, cases or documents rather than things to do.
_CONTENT_LEAD = re.compile(
    r"bao\s+gồm|\bgồm\b|nội\s+dung|tiêu\s+chí|tiêu\s+chuẩn|điều\s+kiện|trường\s+hợp|hồ\s+sơ|"
    r"giải\s+thích|phạm\s+vi|đối\s+tượng|hiệu\s+lực|hành\s+vi\s+vi\s+phạm|như\s+sau\s*:?$|"
    r"quy\s+định\s+như\s+sau|các\s+loại|danh\s+mục"
)
_DUTY_LEAD = re.compile(
    r"trách\s+nhiệm|nhiệm\s+vụ|yêu\s+cầu|\bcần\b|\bphải\b|giải\s+pháp|thực\s+hiện|nguyên\s+tắc|"
    r"chỉ\s+đạo|chủ\s+trì|phối\s+hợp|bảo\s+đảm|đảm\s+bảo|có\s+các\s+hoạt\s+động|hoạt\s+động\s+sau"
)
_BAN_LEAD = re.compile(r"\bcấm\b|bị\s+nghiêm\s+cấm|không\s+được")
_NOTHING = re.compile(r"không\s+(?:có\s+)?(?:quy\s+định|điều\s+khoản)\s+nào")
_DOCUMENT = re.compile(r"^(?:luật|bộ\s+luật|nghị\s+định|quyết\s+định|chỉ\s+thị|thông\s+tư)\s+này\b")


@dataclass(frozen=True)
class Task:
    """A Vietnamese task recognised without a modal verb."""

    verb: str
    start: int
    end: int
    prohibited: bool
    reason: str


def strip_label(text: str) -> int:
    """Length of the list label ("a)", "1.", "-") at the start of ``text``."""
    match = _LABEL.match(text)
    return match.end() if match else 0


def _context_kind(heading: str | None, lead_in: str | None) -> str:
    """``ban``, ``duty``, ``content`` or ``none``: what the lead-in, else the heading, announces."""
    for context in (lead_in, heading):
        if not context:
            continue
        lowered = context.lower()
        if _BAN_LEAD.search(lowered):
            return "ban"
        if _CONTENT_LEAD.search(lowered):
            return "content"
        if _DUTY_LEAD.search(lowered):
            return "duty"
    return "none"


def _verb_first(lowered: str, offset: int) -> re.Match[str] | None:
    match = _VERB_FIRST.match(lowered, offset)
    if match is None:
        return None
    if _NOUN_LIKE_AT_START.match(lowered, offset) and not lowered[match.end() :].startswith(","):
        return None
    return match


def _subject(lowered: str, offset: int) -> re.Match[str] | None:
    """The actor in subject position: first in the clause, or after an opening time or case
    clause ("Trong thời hạn 05 ngày ..., Giám thị trại giam ...", "Trường hợp ... thì ...")."""
    actor = _ACTOR_AT.match(lowered, offset)
    if actor is not None:
        return actor
    if _OPENER.match(lowered, offset):
        actor = _ACTOR_RE.search(lowered, offset)
        if actor is not None and actor.start() < offset + max(240, (len(lowered) - offset) // 2):
            return actor
    return None


def _actor_verb(lowered: str, offset: int) -> tuple[re.Match[str], re.Match[str]] | None:
    """The first actor in the clause's subject position and the first task verb after it."""
    actor = _subject(lowered, offset)
    if actor is None:
        return None
    for verb in _ACTOR_VERB.finditer(lowered, actor.end()):
        before = lowered[actor.end() : verb.start()]
        if _PASSIVE.search(before) or len(before.split()) > 40:
            return None
        if _NOUN_BEFORE.search(lowered[max(0, verb.start() - 20) : verb.start()]):
            continue
        if verb[0] == "cấp" and _LEVEL_AFTER.match(lowered, verb.end()):
            continue  # "Ủy ban nhân dân cấp huyện": a level, not "to issue"
        return actor, verb
    return None


def find_task(sentence: str, heading: str | None = None, lead_in: str | None = None) -> Task | None:
    """The task a Vietnamese sentence assigns without a modal verb, or ``None``."""
    lowered = sentence.lower()
    offset = strip_label(lowered)
    if _DOCUMENT.match(lowered, offset) or _NOTHING.match(lowered, offset):
        return None
    context = _context_kind(heading, lead_in)
    labelled = offset > 0
    if context == "content":
        if lead_in and labelled and lowered.startswith("không ", offset):
            # "phải bảo đảm các điều kiện sau đây: c) Không vận chuyển ..." — a banned act.
            return Task(sentence[offset : offset + 5], offset, offset + 5, True, "an act excluded")
        return None
    first = _verb_first(lowered, offset)
    if first is not None and not _PASSIVE.search(lowered[: lowered.find(",") % (len(lowered) + 1)]):
        negated = first[0].startswith("không")
        return Task(
            sentence[first.start() : first.end()],
            first.start(),
            first.end(),
            prohibited=negated or context == "ban",
            reason="a clause that opens with its verb is a task ('" + first[0] + "')",
        )
    if context in ("ban", "duty") and labelled and (lead_in or context == "ban"):
        prohibited = context == "ban" or lowered.startswith("không ", offset)
        reason = "an act listed as banned" if prohibited else "an item of a list of duties"
        word = re.match(r"\S+(?:\s+\S+)?", sentence[offset:])
        end = offset + (word.end() if word else 1)
        return Task(sentence[offset:end].rstrip(",;:"), offset, end, prohibited, reason)
    found = _actor_verb(lowered, offset)
    if found is None:
        return None
    actor, verb = found
    return Task(
        sentence[verb.start() : verb.end()],
        verb.start(),
        verb.end(),
        prohibited=context == "ban",
        reason=f"'{sentence[actor.start() : actor.end()]}' is told to '{verb[0]}'",
    )


_SUBJECT_CUT = re.compile(
    r",\s*(?:trong\s+phạm\s+vi|theo\s+chức|căn\s+cứ|khi\b)|\s\(|\s+(?:có\s+trách\s+nhiệm|chịu\s+trách"
    r"\s+nhiệm|phải|có\s+nhiệm\s+vụ|không\s+được|không\s+nhất\s+thiết|không\s+phải|tập\s+trung|"
    r"thực\s+hiện|cần)\b"
)


@dataclass(frozen=True)
class Actor:
    """The words naming who must act, with offsets in the text they were read from."""

    text: str
    start: int
    end: int


def find_actor(text: str, end: int | None = None) -> Actor | None:
    """The actor named in the subject of ``text[:end]`` ("Bộ Y tế chủ trì" → "Bộ Y tế")."""
    lowered = text.lower()
    limit = len(text) if end is None else end
    table = _TABLE_LEAD.search(lowered)
    if table is not None:
        # "Cơ quan chủ trì: Bộ Công Thương (Cục Xuất nhập khẩu). Cơ quan phối hợp: ..."
        stop = re.search(r"\.\s|\s\(|;|\s-\s|$", lowered[table.end() :].lstrip(" -"))
        begin = table.end() + len(lowered[table.end() :]) - len(lowered[table.end() :].lstrip(" -"))
        phrase = text[begin : begin + (stop.start() if stop else 0)].strip(" .,;")
        if phrase:
            return Actor(phrase, begin, begin + len(phrase))
    told = _TOLD.search(lowered, 0, limit)
    if told is not None:
        # "Ban Bí thư yêu cầu các cấp ủy, tổ chức đảng ...": the one asked acts, not the asker.
        actor = _ACTOR_AT.match(lowered, told.end())
    else:
        actor = _subject(lowered, strip_label(lowered))
        if actor is not None and actor.start() >= limit:
            actor = None
    if actor is None:
        return None
    stop = limit
    cut = _SUBJECT_CUT.search(lowered, actor.end(), limit)
    if cut is not None:
        stop = cut.start()
    verb = _actor_verb(lowered, actor.start())
    if verb is not None and verb[1].start() < stop:
        stop = verb[1].start()
    words = text[actor.start() : stop].strip(" ,;:").split()
    if not words:
        return None
    phrase = " ".join(words[:16])
    return Actor(phrase, actor.start(), actor.start() + len(phrase))
