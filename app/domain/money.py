"""Money: ``Decimal`` yuan with two places in code, integer fen in the database (ARCHITECTURE decision 7).

Floats never enter: a float yuan amount cannot represent 0.1 exactly, and rounding it would move fen.
Rounding is half-up to the fen, the convention people expect on paper.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from app.domain.errors import ValidationError

FEN = Decimal("0.01")

# 亿亿 would be needed from here; nothing in social assistance comes close.
_CAPITAL_LIMIT = Decimal(10) ** 16

_CAPITAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_CAPITAL_POSITIONS = ((3, "仟"), (2, "佰"), (1, "拾"), (0, ""))

_FULL_WIDTH = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "，": ",",
        "．": ".",
        "。": ".",
        "－": "-",
        "＋": "+",
    }
)
_SUFFIXES = ("元整", "元", "圆整", "圆")
_PREFIXES = ("人民币", "RMB", "¥", "￥")


def quantize_yuan(amount: Decimal) -> Decimal:
    """Round half-up to the fen."""
    _require_decimal(amount)
    if not amount.is_finite():
        raise ValidationError("金额不是有效数字", value=str(amount))
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def to_fen(amount: Decimal) -> int:
    """Yuan → integer fen for storage, rounding half-up."""
    return int(quantize_yuan(amount) * 100)


def from_fen(fen: int) -> Decimal:
    """Integer fen from storage → yuan with exactly two places."""
    # bool is an int; a True reaching here is a bug upstream, not 1 fen.
    if isinstance(fen, bool) or not isinstance(fen, int):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise TypeError(f"from_fen needs an int, got {type(fen).__name__}")
    return Decimal(fen).scaleb(-2).quantize(FEN)


def parse_yuan(text: str, *, allow_negative: bool = False) -> Decimal:
    """Read an amount a person typed: "1,500.5", "１５００", "1500元", "￥1500", "3万", "0.8万元".

    More than two decimal places is refused rather than rounded: a typed "1500.555" is more likely a slip than
    an amount, and silently moving it would hide the slip.
    """
    original = text
    s = "".join(text.split()).translate(_FULL_WIDTH)
    for prefix in _PREFIXES:
        s = s.removeprefix(prefix)
    for suffix in _SUFFIXES:
        if s.endswith(suffix):
            s = s.removesuffix(suffix)
            break
    multiplier = 1
    if s.endswith("万"):
        s = s.removesuffix("万")
        multiplier = 10_000
    if not s:
        raise ValidationError("请填写金额", text=original)

    sign = ""
    if s[0] in "+-":
        sign, s = s[0].replace("+", ""), s[1:]
    _check_grouping(s, original)
    digits = s.replace(",", "")
    if not digits or not all(c in "0123456789." for c in digits) or digits.count(".") > 1 or digits == ".":
        raise ValidationError(f"“{original}”不是有效金额，请只填写数字，例如 1500 或 1,500.50", text=original)
    try:
        value = Decimal(sign + digits) * multiplier
    except InvalidOperation:
        raise ValidationError(f"“{original}”不是有效金额", text=original) from None
    if value != value.quantize(FEN):
        raise ValidationError(f"金额“{original}”最多精确到分（两位小数）", text=original)
    if value < 0 and not allow_negative:
        raise ValidationError(f"金额“{original}”不能为负数", text=original)
    return value.quantize(FEN)


def format_yuan(amount: Decimal) -> str:
    """``1,500.00``: grouped, always two places."""
    return f"{quantize_yuan(amount):,.2f}"


def to_chinese_capital(amount: Decimal) -> str:
    """人民币大写 as written on certificates and bank forms, without the "人民币" prefix.

    Follows the first form of the PBOC examples (《正确填写票据和结算凭证的基本规定》):
    "壹拾" never bare "拾"; one 零 for a run of zeros; a 零 after 元 when the 元 digit is 0 and 角 is not
    (¥1680.32 → 壹仟陆佰捌拾元零叁角贰分) and when 角 is 0 and 分 is not; 整 after 元 only,
    never after 角 or 分. Amounts under one yuan start at 角/分 (¥0.50 → 伍角).
    """
    q = quantize_yuan(amount)
    if q < 0:
        raise ValidationError("大写金额不能为负数", value=str(q))
    if q >= _CAPITAL_LIMIT:
        raise ValidationError("金额过大，无法转换为大写", value=str(q))

    fen_total = int(q * 100)
    yuan, rest = divmod(fen_total, 100)
    jiao, fen = divmod(rest, 10)

    if fen_total == 0:
        return "零元整"
    out = f"{_integer_capital(yuan)}元" if yuan else ""
    if jiao == 0 and fen == 0:
        return out + "整"
    if yuan and (jiao == 0 or yuan % 10 == 0):
        out += "零"
    if jiao:
        out += _CAPITAL_DIGITS[jiao] + "角"
    if fen:
        out += _CAPITAL_DIGITS[fen] + "分"
    return out


def _integer_capital(n: int) -> str:
    # 亿 splits first, so 10^12 reads 壹万亿 and 1,0001,0000,0000 reads 壹万零壹亿, as people say it.
    yi, rest = divmod(n, 10**8)
    if not yi:
        return _below_yi(rest)
    out = _below_yi(yi) + "亿"
    if rest:
        # A lower part that does not start at 仟万 has skipped a zero digit.
        out += ("零" if rest < 10**7 else "") + _below_yi(rest)
    return out


def _below_yi(n: int) -> str:
    wan, rest = divmod(n, 10**4)
    if not wan:
        return _section_capital(rest)
    out = _section_capital(wan) + "万"
    if rest:
        out += ("零" if rest < 1000 else "") + _section_capital(rest)
    return out


def _section_capital(section: int) -> str:
    out = ""
    zero_pending = False
    for power, unit in _CAPITAL_POSITIONS:
        digit = section // 10**power % 10
        if digit == 0:
            zero_pending = bool(out)
            continue
        if zero_pending:
            out += "零"
            zero_pending = False
        out += _CAPITAL_DIGITS[digit] + unit
    return out


def _check_grouping(s: str, original: str) -> None:
    if "," not in s:
        return
    whole = s.split(".", 1)[0]
    groups = whole.split(",")
    # Thousands separators only: "1,500" yes; "1,50" (a decimal comma?) or "15,00" no, because guessing could
    # turn 1.50 into 150.
    if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
        raise ValidationError(
            f"“{original}”中的逗号位置不对：逗号只能用作千位分隔（如 1,500.50），小数请用小数点",
            text=original,
        )


def _require_decimal(amount: object) -> None:
    if not isinstance(amount, Decimal):
        raise TypeError(f"money must be Decimal, got {type(amount).__name__}")
