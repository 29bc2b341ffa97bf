"""Identity numbers: GB 11643-1999 公民身份号码, the other documents DOMAIN §12 accepts, and masking (§13).

A number is parsed once, where it is typed or imported, into an :class:`IdNumber` that carries the normalised
value and what can be derived from it. Failures raise :class:`IdNumberError` whose ``rule`` param says which
check failed, so a form can point at the right part of the number.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.domain.errors import IdNumberError


class IdType(StrEnum):
    RESIDENT = "resident"
    HMT_RESIDENCE = "hmt_residence"
    FOREIGN_PERMANENT = "foreign_permanent"
    HOUSEHOLD_REGISTER = "household_register"
    PENDING = "pending"


ID_TYPE_LABELS: dict[IdType, str] = {
    IdType.RESIDENT: "居民身份证",
    IdType.HMT_RESIDENCE: "港澳台居民居住证",
    IdType.FOREIGN_PERMANENT: "外国人永久居留身份证",
    IdType.HOUSEHOLD_REGISTER: "户口簿（公民身份号码）",
    IdType.PENDING: "暂无证件号码（待办理）",
}

# How error messages name the number, e.g. "身份证号校验码错误".
_NUMBER_NOUN: dict[IdType, str] = {
    IdType.RESIDENT: "身份证号",
    IdType.HMT_RESIDENCE: "居住证号码",
    IdType.FOREIGN_PERMANENT: "永久居留身份证号码",
    IdType.HOUSEHOLD_REGISTER: "公民身份号码",
    IdType.PENDING: "证件号码",
}


class Sex(StrEnum):
    MALE = "M"
    FEMALE = "F"


SEX_LABELS: dict[Sex, str] = {Sex.MALE: "男", Sex.FEMALE: "女"}


class IdRule(StrEnum):
    """The ``rule`` param of :class:`IdNumberError`."""

    LENGTH = "length"
    CHARACTERS = "characters"
    PROVINCE = "province"
    BIRTH_DATE = "birth_date"
    BIRTH_IN_FUTURE = "birth_in_future"
    CHECKSUM = "checksum"
    ID_TYPE = "id_type"
    PENDING_REASON = "pending_reason"


class IdWarningCode(StrEnum):
    ADDRESS_CODE_NOT_CURRENT = "address_code_not_current"
    UPGRADED_FROM_15 = "upgraded_from_15"
    IMPLAUSIBLE_AGE = "implausible_age"


@dataclass(frozen=True, slots=True)
class IdWarning:
    code: IdWarningCode
    message: str


# GB/T 2260 provincial codes of the mainland. 71/81/82 exist in GB/T 2260, but no 居民身份证 carries
# them: people from Taiwan, Hong Kong and Macau hold the 港澳台居民居住证 (810000/820000/830000) instead.
MAINLAND_PROVINCES: dict[str, str] = {
    "11": "北京市",
    "12": "天津市",
    "13": "河北省",
    "14": "山西省",
    "15": "内蒙古自治区",
    "21": "辽宁省",
    "22": "吉林省",
    "23": "黑龙江省",
    "31": "上海市",
    "32": "江苏省",
    "33": "浙江省",
    "34": "安徽省",
    "35": "福建省",
    "36": "江西省",
    "37": "山东省",
    "41": "河南省",
    "42": "湖北省",
    "43": "湖南省",
    "44": "广东省",
    "45": "广西壮族自治区",
    "46": "海南省",
    "50": "重庆市",
    "51": "四川省",
    "52": "贵州省",
    "53": "云南省",
    "54": "西藏自治区",
    "61": "陕西省",
    "62": "甘肃省",
    "63": "青海省",
    "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
}

HMT_ADDRESS_CODES: dict[str, str] = {"810000": "香港", "820000": "澳门", "830000": "台湾"}

# ISO 7064 MOD 11-2, as printed in DOMAIN §12.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_DIGITS = frozenset("0123456789")

# A warning, not a rule: GB 11643 itself accepts any past date (the standard's own vector is born in 1880).
_IMPLAUSIBLE_AGE_YEARS = 120

_FULL_WIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "Ｘ": "X", "ｘ": "X", "x": "X"})


@dataclass(frozen=True, slots=True, repr=False)
class IdNumber:
    """A checked identity number. ``birth_date`` and ``sex`` are ``None`` only for :attr:`IdType.PENDING`."""

    value: str
    id_type: IdType
    birth_date: date | None
    sex: Sex | None
    address_code: str
    province_code: str
    warnings: tuple[IdWarning, ...] = ()
    nationality_code: str = ""
    pending_reason: str = ""

    def __repr__(self) -> str:
        # Reprs end up in logs and tracebacks; DOMAIN §13 allows only the last 4 there.
        return f"IdNumber({self.id_type.value}, {mask_id_number(self.value)!r})"

    @property
    def masked(self) -> str:
        return mask_id_number(self.value)

    @property
    def is_pending(self) -> bool:
        return self.id_type is IdType.PENDING

    def age_on(self, on: date) -> int | None:
        """Age in whole years (周岁); ``None`` when there is no number yet: use the person's record then."""
        if self.birth_date is None:
            return None
        return age_between(self.birth_date, on)

    def is_minor_on(self, on: date) -> bool | None:
        age = self.age_on(on)
        return None if age is None else age < 18

    def is_under_14_on(self, on: date) -> bool | None:
        """Under-14s' data is sensitive personal information (PIPL Art. 28)."""
        age = self.age_on(on)
        return None if age is None else age < 14


def age_between(birth: date, on: date) -> int:
    # A 29 February birthday counts as reached on 1 March in common years: (2, 28) < (2, 29).
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def normalize_id_text(text: str) -> str:
    """Drop all whitespace (people paste "110105 19491231 002X"); full-width digits/X to half-width; x → X."""
    return "".join(text.split()).translate(_FULL_WIDTH)


def check_digit(first17: str) -> str:
    """The MOD 11-2 check character for 17 ASCII digits."""
    if len(first17) != 17 or not set(first17) <= _DIGITS:
        raise ValueError("check_digit needs exactly 17 ASCII digits")
    return _CHECK_CHARS[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def upgrade_15_to_18(text: str) -> str:
    """Upgrade a pre-1999 15-digit number: insert "19" before the 2-digit year and append the check digit.

    For legacy imports only. Only the shape is checked here; parse the result to check date and province.
    """
    s = normalize_id_text(text)
    if len(s) != 15:
        raise IdNumberError(f"旧版身份证号应为15位，实为{len(s)}位", rule=IdRule.LENGTH)
    if not set(s) <= _DIGITS:
        raise IdNumberError("旧版身份证号只能由数字组成", rule=IdRule.CHARACTERS)
    first17 = s[:6] + "19" + s[6:]
    return first17 + check_digit(first17)


def parse_id_number(
    text: str,
    *,
    id_type: IdType = IdType.RESIDENT,
    today: date,
    allow_legacy: bool = False,
    pending_reason: str = "",
    current_address_codes: Collection[str] | None = None,
) -> IdNumber:
    """Check ``text`` as a number of ``id_type`` and derive birth date and sex.

    ``allow_legacy`` accepts 15-digit numbers (upgraded to 18, with a warning); only imports should set it.
    ``current_address_codes`` is the GB/T 2260 list in force; a code outside it only warns, because the number
    outlives administrative reorganisations (DOMAIN §12).
    """
    s = normalize_id_text(text)
    noun = _NUMBER_NOUN[id_type]

    if id_type is IdType.PENDING:
        return _pending(s, pending_reason)

    warnings: list[IdWarning] = []
    if len(s) == 15 and allow_legacy and id_type in (IdType.RESIDENT, IdType.HOUSEHOLD_REGISTER):
        s = upgrade_15_to_18(s)
        warnings.append(
            IdWarning(IdWarningCode.UPGRADED_FROM_15, "15位旧号码已按国家标准升级为18位，请与证件核对")
        )
    _check_shape(s, noun)

    nationality_code = ""
    if id_type is IdType.FOREIGN_PERMANENT:
        # 2023 永居证 layout: 9 + issuing province (2) + nationality (3) + birth (8) + sequence (3) + check.
        address_code = ""
        province_code = s[1:3]
        nationality_code = s[3:6]
        if s[0] != "9":
            raise IdNumberError(
                "外国人永久居留身份证号码应以9开头（2023年起的新版）；如是中国公民，请将证件类型改为居民身份证",
                rule=IdRule.ID_TYPE,
            )
        if province_code not in MAINLAND_PROVINCES:
            raise IdNumberError(
                f"永久居留身份证号码第2-3位应为受理地省级代码，“{province_code}”不是有效代码",
                rule=IdRule.PROVINCE,
                province=province_code,
            )
    else:
        address_code = s[:6]
        province_code = s[:2]
        _check_address(s, id_type, noun)

    birth = _birth_date(s[6:14], noun, today)
    _check_checksum(s, noun)

    if (
        current_address_codes is not None
        and address_code
        and id_type is not IdType.HMT_RESIDENCE
        and address_code not in current_address_codes
    ):
        warnings.append(
            IdWarning(
                IdWarningCode.ADDRESS_CODE_NOT_CURRENT,
                f"地址码{address_code}不在现行行政区划代码中（可能因区划调整而变更），号码仍然有效，请核对",
            )
        )
    if age_between(birth, today) > _IMPLAUSIBLE_AGE_YEARS:
        warnings.append(
            IdWarning(
                IdWarningCode.IMPLAUSIBLE_AGE,
                f"按出生日期计算年龄超过{_IMPLAUSIBLE_AGE_YEARS}岁，请核对号码",
            )
        )

    return IdNumber(
        value=s,
        id_type=id_type,
        birth_date=birth,
        sex=Sex.MALE if int(s[16]) % 2 else Sex.FEMALE,
        address_code=address_code,
        province_code=province_code,
        warnings=tuple(warnings),
        nationality_code=nationality_code,
    )


def validate_id_number(
    text: str,
    *,
    id_type: IdType = IdType.RESIDENT,
    today: date,
    allow_legacy: bool = False,
    pending_reason: str = "",
) -> IdNumberError | None:
    """The error :func:`parse_id_number` would raise, or ``None``; for forms that check as the user types."""
    try:
        parse_id_number(
            text, id_type=id_type, today=today, allow_legacy=allow_legacy, pending_reason=pending_reason
        )
    except IdNumberError as exc:
        return exc
    return None


def is_valid_id_number(
    text: str,
    *,
    id_type: IdType = IdType.RESIDENT,
    today: date,
    allow_legacy: bool = False,
    pending_reason: str = "",
) -> bool:
    return (
        validate_id_number(
            text, id_type=id_type, today=today, allow_legacy=allow_legacy, pending_reason=pending_reason
        )
        is None
    )


def _pending(s: str, reason: str) -> IdNumber:
    if s:
        raise IdNumberError("已填写证件号码，请选择对应的证件类型，而不是“暂无证件号码”", rule=IdRule.ID_TYPE)
    reason = reason.strip()
    if not reason:
        raise IdNumberError(
            "暂无证件号码时必须说明原因（例如：新生儿尚未办理户口登记）", rule=IdRule.PENDING_REASON
        )
    return IdNumber(
        value="",
        id_type=IdType.PENDING,
        birth_date=None,
        sex=None,
        address_code="",
        province_code="",
        pending_reason=reason,
    )


def _check_shape(s: str, noun: str) -> None:
    if len(s) != 18:
        if not s:
            raise IdNumberError(f"请填写{noun}", rule=IdRule.LENGTH, length=0)
        raise IdNumberError(f"{noun}应为18位，实为{len(s)}位", rule=IdRule.LENGTH, length=len(s))
    # Explicit sets, not str.isdigit(): that also accepts "²" and other scripts' digits.
    bad = [c for c in s[:17] if c not in _DIGITS]
    if s[17] not in _DIGITS and s[17] != "X":
        bad.append(s[17])
    if bad:
        raise IdNumberError(
            f"{noun}前17位只能是数字，最后一位只能是数字或X，发现“{bad[0]}”",
            rule=IdRule.CHARACTERS,
        )


def _check_address(s: str, id_type: IdType, noun: str) -> None:
    address_code, province_code = s[:6], s[:2]
    if id_type is IdType.HMT_RESIDENCE:
        if address_code not in HMT_ADDRESS_CODES:
            raise IdNumberError(
                "港澳台居民居住证号码应以810000（香港）、820000（澳门）或830000（台湾）开头",
                rule=IdRule.PROVINCE,
                province=province_code,
            )
        return
    if address_code in HMT_ADDRESS_CODES:
        raise IdNumberError(
            f"这是{HMT_ADDRESS_CODES[address_code]}居民的港澳台居民居住证号码，请将证件类型改为港澳台居民居住证",
            rule=IdRule.ID_TYPE,
        )
    if province_code not in MAINLAND_PROVINCES:
        raise IdNumberError(
            f"{noun}前两位应为省级行政区代码，“{province_code}”不是有效代码",
            rule=IdRule.PROVINCE,
            province=province_code,
        )


def _birth_date(digits: str, noun: str, today: date) -> date:
    try:
        birth = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise IdNumberError(
            f"{noun}第7-14位的出生日期“{digits}”不是有效日期", rule=IdRule.BIRTH_DATE
        ) from None
    if birth > today:
        raise IdNumberError(f"{noun}中的出生日期{birth.isoformat()}晚于今天", rule=IdRule.BIRTH_IN_FUTURE)
    return birth


def _check_checksum(s: str, noun: str) -> None:
    expected = check_digit(s[:17])
    if s[17] != expected:
        raise IdNumberError(
            f"{noun}校验码错误：应为{expected}，实为{s[17]}",
            rule=IdRule.CHECKSUM,
            expected=expected,
            actual=s[17],
        )


def _mask_last4(s: str) -> str:
    # Values of 4 characters or fewer are masked completely: "last 4" would otherwise be the whole value.
    if len(s) <= 4:
        return "*" * len(s)
    return "*" * (len(s) - 4) + s[-4:]


def mask_id_number(text: str) -> str:
    """``**************002X``: the last 4 only (DOMAIN §13), for lists, logs and publicity."""
    return _mask_last4(normalize_id_text(text))


def mask_phone(text: str) -> str:
    return _mask_last4(_compact(text))


def mask_account(text: str) -> str:
    return _mask_last4(_compact(text))


def _compact(text: str) -> str:
    # Separators people type between digit groups; dropping them keeps the visible tail to 4 real characters.
    return "".join(c for c in normalize_id_text(text) if c not in "-－+＋()（）")
