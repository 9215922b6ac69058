"""Staff roles. A person holds one or more roles within one agency."""

HANDLER = "handler"  # 承办人: handles cases of their agency
REVIEWER = "reviewer"  # 法制审核人员: legality review
HEAD = "head"  # 机关负责人: signs decisions
# 政府信息公开工作机构负责人: head of the agency's disclosure office, who approves extending
# the reply period (政府信息公开条例第三十三条第二款); not the agency head.
GIO_HEAD = "gio_head"
SUPERVISOR = "supervisor"  # 依法治市办督察: city-wide, read-only supervision
ADMIN = "admin"  # 系统管理员: configuration
NOTARY = "notary"  # 公证员: witnesses draws, commits and reveals r_N
CUSTODIAN = "custodian"  # 涉案财物保管员: keeper at a custody centre (fazhi.custody)

LABELS = {
    HANDLER: "承办人",
    REVIEWER: "法制审核人员",
    HEAD: "机关负责人",
    GIO_HEAD: "政府信息公开工作机构负责人",
    SUPERVISOR: "依法治市办督察人员",
    ADMIN: "系统管理员",
    NOTARY: "公证员",
    CUSTODIAN: "涉案财物保管员",
}

# Roles that see every agency's cases (read side only; writes still need the agency).
CITY_WIDE = frozenset({SUPERVISOR, ADMIN})
