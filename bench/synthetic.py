"""A deterministic, fictitious knowledge base of any size, and citizen-like queries about it.

The items are combinations of real 政务服务 vocabulary — a department's objects (营业执照,
机动车驾驶证, 住房公积金 …), actions (申领, 变更, 注销, 补领, 延续, 备案 …) and qualifiers (个人,
企业, 跨省, 首次 …) — so names, aliases and FAQ questions look and segment like the real thing,
overlap the way real catalogues do (many items about 营业执照, many about 补领), and exercise
the same code paths. Every name, code, address and phone number is made up (city 青川市,
area code 0123). Nothing here is realistic policy: it is load, not content.

`synthetic_catalog(10_000, 5)` is the benchmark's 10k-item / 50k-FAQ knowledge base;
`synthetic_queries` rewrites names, aliases and FAQ questions the way citizens type them
(colloquial, with filler words, sometimes a character short).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from knowledge.schema import Catalog

CITY = "青川市"
HALL = f"{CITY}政务服务中心"
HOURS = "周一至周五 9:00-12:00，13:30-17:00"


@dataclass(frozen=True)
class _Dept:
    code: str
    name: str
    basis: str
    type: str
    objects: tuple[str, ...]


# Departments and the objects (证照, 待遇, 登记事项 …) their items are about.
_DEPARTMENTS: tuple[_Dept, ...] = (
    _Dept("SD-GA-HZ", "公安局户政管理支队", "《中华人民共和国居民身份证法》", "行政确认",
          ("居民身份证", "临时居民身份证", "户口", "居住证", "户籍证明", "居民户口簿", "集体户口", "无犯罪记录证明")),
    _Dept("SD-GA-CRJ", "公安局出入境管理支队", "《中华人民共和国出境入境管理法》", "行政许可",
          ("普通护照", "往来港澳通行证", "往来台湾通行证", "港澳签注", "外国人居留许可", "出入境记录证明")),
    _Dept("SD-GA-CGS", "公安局交通警察支队车辆管理所", "《中华人民共和国道路交通安全法》", "行政许可",
          ("机动车驾驶证", "机动车行驶证", "机动车号牌", "机动车登记证书", "临时行驶车号牌", "电动自行车号牌",
           "机动车检验合格标志", "校车驾驶资格")),
    _Dept("SD-GA-ZA", "公安局治安管理支队", "《中华人民共和国治安管理处罚法》", "行政许可",
          ("旅馆业特种行业许可证", "公章刻制备案", "保安服务许可证", "大型群众性活动安全许可", "典当业特种行业许可证")),
    _Dept("SD-SCJG", "市场监督管理局", "《中华人民共和国市场主体登记管理条例》", "行政许可",
          ("营业执照", "个体工商户营业执照", "食品经营许可证", "食品生产许可证", "特种设备使用登记证",
           "工业产品生产许可证", "计量器具型式批准", "药品经营许可证", "医疗器械经营备案凭证", "小作坊登记证")),
    _Dept("SD-RS", "人力资源和社会保障局", "《中华人民共和国社会保险法》", "行政给付",
          ("社会保障卡", "失业保险金", "职工基本养老保险", "工伤保险待遇", "就业创业证", "职业技能等级证书",
           "劳务派遣经营许可证", "人力资源服务许可证", "就业见习补贴", "稳岗返还资金")),
    _Dept("SD-YB", "医疗保障局", "《医疗保障基金使用监督管理条例》", "行政给付",
          ("基本医疗保险关系", "异地就医", "门诊慢特病待遇", "医保电子凭证", "生育津贴", "城乡居民医保参保",
           "医疗费用手工报销", "长期护理保险待遇")),
    _Dept("SD-GJJ", "住房公积金管理中心", "《住房公积金管理条例》", "公共服务",
          ("住房公积金", "住房公积金贷款", "住房公积金账户", "公积金缴存基数", "公积金异地转移接续", "公积金贷款还款计划")),
    _Dept("SD-MZ", "民政局", "《社会救助暂行办法》", "行政给付",
          ("最低生活保障", "特困人员救助供养", "临时救助", "社会团体", "民办非企业单位", "养老机构", "高龄津贴",
           "殡葬补贴", "慈善组织")),
    _Dept("SD-MZ-HY", "婚姻登记处", "《婚姻登记条例》", "行政确认",
          ("结婚登记", "离婚登记", "婚姻登记记录证明", "结婚证", "离婚证")),
    _Dept("SD-WJ", "卫生健康委员会", "《中华人民共和国基本医疗卫生与健康促进法》", "行政许可",
          ("医师执业证书", "护士执业证书", "医疗机构执业许可证", "生育登记", "出生医学证明", "公共场所卫生许可证",
           "放射诊疗许可证", "母婴保健技术服务执业许可证", "独生子女父母光荣证")),
    _Dept("SD-JY", "教育局", "《中华人民共和国教师法》", "行政许可",
          ("教师资格证", "学籍", "民办学校办学许可证", "义务教育入学", "校外培训机构", "学历证明")),
    _Dept("SD-ZJ", "住房和城乡建设局", "《中华人民共和国建筑法》", "行政许可",
          ("建筑工程施工许可证", "商品房预售许可证", "建筑业企业资质", "房屋租赁登记", "物业服务企业",
           "建设工程竣工验收", "燃气经营许可证", "城市房屋拆除工程")),
    _Dept("SD-BDC", "不动产登记中心", "《不动产登记暂行条例》", "行政确认",
          ("不动产权证书", "不动产抵押登记", "不动产预告登记", "不动产登记资料", "房屋所有权", "土地使用权")),
    _Dept("SD-SW", "税务局", "《中华人民共和国税收征收管理法》", "行政征收",
          ("发票", "税务登记", "个人所得税", "增值税专用发票", "车辆购置税", "纳税证明", "契税", "印花税")),
    _Dept("SD-JT", "交通运输局", "《中华人民共和国道路运输条例》", "行政许可",
          ("道路运输经营许可证", "道路运输证", "出租汽车驾驶员从业资格证", "网络预约出租汽车运输证",
           "机动车维修经营备案", "驾驶员培训经营备案", "超限运输车辆通行证")),
    _Dept("SD-WL", "文化广电旅游局", "《营业性演出管理条例》", "行政许可",
          ("营业性演出许可证", "网络文化经营许可证", "旅行社业务经营许可证", "娱乐场所经营许可证",
           "艺术品经营单位备案", "导游证")),
    _Dept("SD-NY", "农业农村局", "《中华人民共和国农业法》", "行政许可",
          ("农药经营许可证", "兽药经营许可证", "动物防疫条件合格证", "渔业捕捞许可证", "拖拉机驾驶证",
           "种子生产经营许可证", "农村宅基地")),
    _Dept("SD-HB", "生态环境局", "《中华人民共和国环境保护法》", "行政许可",
          ("排污许可证", "建设项目环境影响评价", "危险废物经营许可证", "辐射安全许可证", "固定污染源排污登记")),
    _Dept("SD-CL", "残疾人联合会", "《中华人民共和国残疾人保障法》", "公共服务",
          ("残疾人证", "残疾人两项补贴", "残疾人辅助器具", "残疾人就业保障金")),
    _Dept("SD-TY", "退役军人事务局", "《中华人民共和国退役军人保障法》", "行政给付",
          ("退役军人优待证", "退役军人安置", "伤残抚恤", "烈士褒扬金")),
    _Dept("SD-XF", "消防救援支队", "《中华人民共和国消防法》", "行政许可",
          ("公众聚集场所投入使用营业前消防安全检查", "建设工程消防验收", "建设工程消防设计审查")),
    _Dept("SD-CG", "城市管理局", "《城市市容和环境卫生管理条例》", "行政许可",
          ("户外广告设施设置", "城市道路挖掘", "临时占用城市道路", "建筑垃圾处置", "城市绿地占用", "渣土运输")),
    _Dept("SD-SL", "水务局", "《中华人民共和国水法》", "行政许可",
          ("取水许可证", "排水许可证", "河道管理范围内建设项目", "城市供水")),
    _Dept("SD-ZR", "自然资源和规划局", "《中华人民共和国城乡规划法》", "行政许可",
          ("建设用地规划许可证", "建设工程规划许可证", "采矿许可证", "测绘资质", "乡村建设规划许可证")),
    _Dept("SD-SW2", "商务局", "《中华人民共和国对外贸易法》", "其他行政权力",
          ("对外贸易经营者备案", "单用途预付卡备案", "成品油零售经营许可", "二手车交易市场备案", "拍卖企业")),
    _Dept("SD-YC", "烟草专卖局", "《中华人民共和国烟草专卖法》", "行政许可", ("烟草专卖零售许可证",)),
    _Dept("SD-LY", "林业局", "《中华人民共和国森林法》", "行政许可",
          ("林木采伐许可证", "林草种子生产经营许可证", "野生动物人工繁育许可证", "使用林地审核")),
    _Dept("SD-YJ", "药品监督管理局", "《中华人民共和国药品管理法》", "行政许可",
          ("药品零售企业", "第二类医疗器械经营备案", "化妆品经营", "执业药师注册")),
)

# 办理 actions. Every object takes every action: the knowledge base is fictitious.
_ACTIONS: tuple[str, ...] = (
    "申领", "首次申领", "换领", "补领", "补办", "变更", "注销", "延续", "备案", "核发", "登记", "转移", "提取",
    "审验", "迁移", "恢复", "撤销", "信息变更", "遗失补办", "到期换证", "挂失", "申请", "认定", "查询",
    "年度报告", "复核",
)
# Who / which case; "" = the general item.
_QUALIFIERS: tuple[str, ...] = (
    "", "个人", "企业", "跨省", "首次", "外籍人员", "港澳台居民", "异地", "省内", "退役军人", "农村居民",
    "高校毕业生", "老年人", "残疾人", "灵活就业人员", "个体工商户", "分支机构", "外商投资企业", "未成年人",
    "委托代办", "加急",
)
_ENTERPRISE = frozenset({"企业", "个体工商户", "分支机构", "外商投资企业"})

# How citizens say it.
_COLLOQUIAL_OBJECT: dict[str, tuple[str, ...]] = {
    "居民身份证": ("身份证", "二代证"),
    "临时居民身份证": ("临时身份证",),
    "户口": ("户籍", "户口本"),
    "居民户口簿": ("户口本", "户口簿"),
    "无犯罪记录证明": ("无犯罪证明", "无犯罪记录"),
    "普通护照": ("护照",),
    "往来港澳通行证": ("港澳通行证", "港澳证"),
    "往来台湾通行证": ("台湾通行证", "赴台证"),
    "机动车驾驶证": ("驾照", "驾驶证", "驾驶本"),
    "机动车行驶证": ("行驶证", "车本"),
    "机动车号牌": ("车牌", "车牌照"),
    "机动车登记证书": ("车辆登记证书", "大绿本"),
    "电动自行车号牌": ("电动车牌照", "电瓶车车牌"),
    "机动车检验合格标志": ("年检标", "检验标志"),
    "营业执照": ("执照", "营业证"),
    "个体工商户营业执照": ("个体户执照", "个体执照"),
    "食品经营许可证": ("食品许可证", "食品证"),
    "社会保障卡": ("社保卡",),
    "失业保险金": ("失业金",),
    "职工基本养老保险": ("养老保险", "社保"),
    "工伤保险待遇": ("工伤待遇", "工伤赔偿"),
    "基本医疗保险关系": ("医保关系", "医保"),
    "异地就医": ("异地看病", "外地看病"),
    "门诊慢特病待遇": ("慢特病", "门特"),
    "医保电子凭证": ("医保码",),
    "生育津贴": ("生育险", "产假工资"),
    "城乡居民医保参保": ("居民医保", "医保参保"),
    "医疗费用手工报销": ("医药费报销", "看病报销"),
    "住房公积金": ("公积金",),
    "住房公积金贷款": ("公积金贷款",),
    "住房公积金账户": ("公积金账户",),
    "最低生活保障": ("低保",),
    "高龄津贴": ("高龄补贴", "老人补贴"),
    "结婚登记": ("领结婚证", "结婚"),
    "离婚登记": ("离婚",),
    "出生医学证明": ("出生证",),
    "生育登记": ("准生证",),
    "教师资格证": ("教资",),
    "义务教育入学": ("上学报名", "入学"),
    "不动产权证书": ("房产证", "房本"),
    "房屋所有权": ("房子产权",),
    "个人所得税": ("个税",),
    "增值税专用发票": ("专票",),
    "道路运输证": ("营运证",),
    "出租汽车驾驶员从业资格证": ("出租车资格证",),
    "网络预约出租汽车运输证": ("网约车证", "网约车运输证"),
    "残疾人证": ("残疾证",),
    "退役军人优待证": ("优待证",),
    "烟草专卖零售许可证": ("烟草证", "卖烟许可证"),
    "导游证": ("导游资格证",),
    "农村宅基地": ("宅基地",),
    "渔业捕捞许可证": ("捕鱼证",),
    "公众聚集场所投入使用营业前消防安全检查": ("消防检查", "开业消防检查"),
    "户外广告设施设置": ("户外广告", "广告牌"),
    "临时占用城市道路": ("占道", "占用马路"),
}
_COLLOQUIAL_ACTION: dict[str, tuple[str, ...]] = {
    "申领": ("办", "申请", "领"),
    "首次申领": ("第一次办", "新办"),
    "换领": ("换", "换新"),
    "补领": ("补办", "重新办"),
    "补办": ("补", "重新办"),
    "变更": ("改", "更改", "变更"),
    "注销": ("注销掉", "取消", "销户"),
    "延续": ("续期", "延期"),
    "备案": ("报备", "备案"),
    "核发": ("办", "领取"),
    "登记": ("登记", "办登记"),
    "转移": ("转", "转出去"),
    "提取": ("取", "提出来"),
    "审验": ("年审", "审验"),
    "迁移": ("迁", "迁走"),
    "恢复": ("恢复", "重新启用"),
    "撤销": ("撤回", "撤销"),
    "信息变更": ("改信息", "修改信息"),
    "遗失补办": ("丢了补办", "掉了补"),
    "到期换证": ("到期换", "过期换"),
    "挂失": ("挂失", "报丢"),
    "申请": ("申请", "办"),
    "认定": ("认定", "鉴定"),
    "查询": ("查", "查一下"),
    "年度报告": ("年报", "报年报"),
    "复核": ("复查", "复核"),
}
_COLLOQUIAL_QUALIFIER: dict[str, tuple[str, ...]] = {
    "个人": ("我自己", "个人"),
    "企业": ("公司", "单位"),
    "跨省": ("外省", "跨省"),
    "首次": ("第一次",),
    "外籍人员": ("外国人", "老外"),
    "港澳台居民": ("港澳台", "香港人"),
    "异地": ("在外地", "外地"),
    "省内": ("省内",),
    "退役军人": ("退伍军人", "退伍老兵"),
    "农村居民": ("农村", "农村户口"),
    "高校毕业生": ("大学毕业生", "应届生"),
    "老年人": ("老人", "老年人"),
    "残疾人": ("残疾人",),
    "灵活就业人员": ("自由职业", "打零工的"),
    "个体工商户": ("个体户",),
    "分支机构": ("分公司",),
    "外商投资企业": ("外资企业", "外企"),
    "未成年人": ("小孩", "孩子"),
    "委托代办": ("找人代办", "代办"),
    "加急": ("加急", "急用"),
}
# Variant terms → the terms the guides use (the catalog's synonym table).
_SYNONYMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("驾照", ("机动车驾驶证",)),
    ("公积金", ("住房公积金",)),
    ("社保卡", ("社会保障卡",)),
    ("社保", ("社会保险",)),
    ("医保", ("医疗保险",)),
    ("低保", ("最低生活保障",)),
    ("失业金", ("失业保险金",)),
    ("房产证", ("不动产权证书",)),
    ("房本", ("不动产权证书",)),
    ("个税", ("个人所得税",)),
    ("老外", ("外籍人员",)),
    ("外国人", ("外籍人员",)),
    ("个体户", ("个体工商户",)),
    ("分公司", ("分支机构",)),
    ("外企", ("外商投资企业",)),
    ("年审", ("审验",)),
    ("年报", ("年度报告",)),
    ("残疾证", ("残疾人证",)),
    ("出生证", ("出生医学证明",)),
    ("港澳证", ("往来港澳通行证",)),
    ("网约车证", ("网络预约出租汽车运输证",)),
    ("营运证", ("道路运输证",)),
    ("教资", ("教师资格证",)),
    ("退伍军人", ("退役军人",)),
    ("应届生", ("高校毕业生",)),
    ("续期", ("延续",)),
    ("户口本", ("居民户口簿",)),
    ("准生证", ("生育登记",)),
    ("宅基地", ("农村宅基地",)),
    ("丢了", ("遗失",)),
)

# Canonical materials shared by many items: (code, name, aliases, issuer, government-issued e-licence).
_COMMON_MATERIALS: tuple[tuple[str, str, tuple[str, ...], str | None, bool], ...] = (
    ("M-ID-CARD", "居民身份证", ("身份证", "有效身份证件"), "公安机关", True),
    ("M-HUKOU", "居民户口簿", ("户口本", "户口簿"), "公安机关", True),
    ("M-PHOTO", "近期免冠证件照片", ("照片", "证件照", "一寸照片"), None, False),
    ("M-BUSINESS-LICENSE", "营业执照副本", ("执照副本",), "市场监督管理部门", True),
    ("M-AGENT-AUTH", "授权委托书", ("委托书",), None, False),
    ("M-AGENT-ID", "受托人身份证件", ("代办人身份证", "经办人身份证"), None, False),
    ("M-LEGAL-ID", "法定代表人身份证明", ("法人身份证明",), None, False),
    ("M-MARRIAGE-CERT", "结婚证书", ("结婚证",), "民政部门", True),
    ("M-PROPERTY-CERT", "不动产权证书原件", ("房产证原件", "房本原件"), "不动产登记机构", True),
    ("M-LEASE", "房屋租赁合同", ("租房合同", "租赁协议"), None, False),
    ("M-PREMISES", "经营场所使用证明", ("场地证明", "住所证明"), None, False),
    ("M-ARTICLES", "公司章程", ("章程",), None, False),
    ("M-RESOLUTION", "股东会决议", ("股东决定", "董事会决议"), None, False),
    ("M-BANK", "银行结算账户信息", ("银行卡", "银行账户"), None, False),
    ("M-SSC", "社会保障卡原件", ("社保卡原件",), "人力资源社会保障部门", True),
    ("M-LABOR-CONTRACT", "劳动合同", ("用工合同",), None, False),
    ("M-DISCHARGE", "出院小结", ("出院记录",), None, False),
    ("M-MEDICAL-INVOICE", "医疗费用票据", ("医疗发票", "看病发票"), None, False),
    ("M-HEALTH-CERT", "健康证明", ("健康证", "体检报告"), "医疗卫生机构", False),
    ("M-DIPLOMA", "毕业证书", ("学历证书", "毕业证"), "教育部门", True),
    ("M-RESIDENCE-PERMIT", "居住证原件", ("暂住证",), "公安机关", True),
    ("M-INCOME", "家庭收入证明", ("收入证明",), None, False),
    ("M-DISABILITY-CERT", "残疾人证原件", ("残疾证原件",), "残疾人联合会", True),
    ("M-DEATH-CERT", "居民死亡医学证明", ("死亡证明",), "医疗卫生机构", True),
    ("M-BIRTH-CERT", "出生医学证明原件", ("出生证原件",), "助产医疗机构", True),
    ("M-DRIVING-LICENSE", "机动车驾驶证原件", ("驾照原件",), "公安机关交通管理部门", True),
    ("M-VEHICLE-LICENSE", "机动车行驶证原件", ("行驶证原件",), "公安机关交通管理部门", True),
    ("M-COMPULSORY-INSURANCE", "交强险保险单", ("交强险",), None, False),
    ("M-PASSPORT", "护照原件", ("护照",), "出入境管理部门", True),
    ("M-HK-PERMIT", "港澳居民来往内地通行证", ("回乡证",), "出入境管理部门", False),
    ("M-FOREIGN-PR", "外国人永久居留身份证", ("中国绿卡",), "移民管理部门", False),
    ("M-SITE-PLAN", "场所平面布局图", ("平面图",), None, False),
    ("M-EQUIPMENT", "主要设备设施清单", ("设备清单",), None, False),
    ("M-STAFF", "从业人员名单", ("人员名单",), None, False),
    ("M-QUALIFICATION", "专业技术人员资格证书", ("资格证书",), None, False),
    ("M-SAFETY-RULES", "安全管理制度", ("管理制度",), None, False),
    ("M-PROMISE", "告知承诺书", ("承诺书",), None, False),
    ("M-LOSS-STATEMENT", "遗失情况说明", ("遗失声明", "丢失说明"), None, False),
    ("M-ORIGINAL", "原证照", ("旧证", "原证件"), "原发证机关", False),
    ("M-CHANGE-PROOF", "变更事项证明文件", ("变更证明",), None, False),
    ("M-TAX-CLEARANCE", "清税证明", ("清税文书",), "税务部门", True),
    ("M-CANCEL-DECISION", "注销决议", ("注销决定",), None, False),
    ("M-CREDIT", "信用承诺书", ("信用承诺",), None, False),
    ("M-ENV-REPORT", "环境影响报告表", ("环评报告",), None, False),
    ("M-FIRE-REPORT", "消防安全评估报告", ("消防报告",), None, False),
    ("M-DRAWINGS", "施工图设计文件", ("施工图", "图纸"), None, False),
    ("M-CONTRACT", "相关合同", ("合同",), None, False),
    ("M-RETIRE-CERT", "退休证", ("退休证明",), "人力资源社会保障部门", False),
    ("M-VETERAN-CERT", "退役证明", ("退伍证",), "退役军人事务部门", True),
    ("M-STUDENT-ID", "学生证", ("在校证明",), "学校", False),
    ("M-PURCHASE", "购房合同", ("商品房买卖合同",), None, False),
    ("M-LOAN-CONTRACT", "借款合同", ("贷款合同",), None, False),
    ("M-EMPLOYER-PROOF", "单位证明", ("单位开具的证明",), None, False),
    ("M-UNEMPLOYED", "失业登记证明", ("失业证",), "人力资源社会保障部门", True),
    ("M-DIAGNOSIS", "医疗机构诊断证明", ("诊断证明", "病历"), "医疗卫生机构", False),
    ("M-KINSHIP", "亲属关系证明", ("关系证明",), None, False),
)
_ACTION_MATERIALS: dict[str, tuple[str, ...]] = {
    "补领": ("M-LOSS-STATEMENT",), "补办": ("M-LOSS-STATEMENT",), "遗失补办": ("M-LOSS-STATEMENT",),
    "挂失": ("M-LOSS-STATEMENT",), "换领": ("M-ORIGINAL",), "到期换证": ("M-ORIGINAL",),
    "延续": ("M-ORIGINAL", "M-PROMISE"), "审验": ("M-ORIGINAL",), "变更": ("M-CHANGE-PROOF",),
    "信息变更": ("M-CHANGE-PROOF",), "注销": ("M-CANCEL-DECISION", "M-TAX-CLEARANCE"),
    "撤销": ("M-CANCEL-DECISION",), "转移": ("M-CONTRACT",), "迁移": ("M-CHANGE-PROOF",),
    "提取": ("M-BANK",), "年度报告": ("M-CREDIT",),
}
_PERSON_MATERIALS = ("M-ID-CARD", "M-HUKOU", "M-PHOTO", "M-RESIDENCE-PERMIT", "M-KINSHIP", "M-INCOME")
_ENTERPRISE_MATERIALS = ("M-BUSINESS-LICENSE", "M-LEGAL-ID", "M-ARTICLES", "M-RESOLUTION", "M-PREMISES", "M-LEASE")
_AGENT_MATERIALS = ("M-AGENT-AUTH", "M-AGENT-ID")
_DISTRICTS = ("东湖区", "西岭区", "南浦区", "北川区", "青溪县", "云台县")
_PERSONS = ("申请人", "当事人", "办事群众", "申请单位")
_REASONS = ("因工作调动", "因证件遗失或损坏", "因信息发生变化", "因有效期届满", "因业务需要", "因户籍迁移", "因生活需要")

# Citizens' questions: (question, answer) templates over an item's fields. `{oc}` colloquial object,
# `{ac}` colloquial action, `{qc}` colloquial qualifier ("" for general items).
_FAQS: tuple[tuple[str, str], ...] = (
    ("{name}需要带哪些材料？", "需要提交：{materials}。具体以窗口一次性告知为准。"),
    ("{oc}{ac}要多少钱？", "{fee}"),
    ("{ac}{oc}多久能办好？", "{limit}"),
    ("在哪里可以办{name}？", "可到{place}办理，办公时间{hours}。"),
    ("{name}能在网上办吗？", "{online}"),
    ("办{name}需要本人去吗？", "原则上本人到场办理；本人确有困难的，可委托他人代办，代办需提交授权委托书和受托人身份证件。"),
    ("找别人代办{oc}{ac}可以吗？", "可以。受托人需携带授权委托书和本人有效身份证件，到{place}办理。"),
    ("外地户口能在{city}{ac}{oc}吗？", "可以。持有效身份证件，在{city}居住或经营的，可在{city}就近办理{name}。"),
    ("{oc}过期了还能{ac}吗？", "可以。过期的先按规定办理，逾期时间较长的需补充说明情况，具体以{dept}审核为准。"),
    ("{name}要跑几次？", "{visits}材料齐全的{limit_short}。"),
    ("{qc}怎么{ac}{oc}？", "按以下流程办理：{process}。"),
    ("{oc}{ac}的流程是怎样的？", "办理流程：{process}。"),
    ("{name}周末能办吗？", "窗口办公时间为{hours}；网上渠道全天可提交申请。"),
    ("{oc}{ac}有什么条件？", "{conditions}"),
    ("{name}咨询电话是多少？", "可拨打咨询电话{phone}，或到{place}现场咨询。"),
)


_CERTIFICATE_ENDINGS = ("证", "证书", "执照", "护照", "号牌", "许可", "标志", "凭证", "证明", "资质", "卡")
# Actions that want the certificate itself back (to replace, renew, amend or cancel it).
_WANTS_ORIGINAL = frozenset({"换领", "到期换证", "延续", "审验", "变更", "信息变更", "注销", "撤销", "恢复"})


def _is_certificate(obj: str) -> bool:
    return obj.endswith(_CERTIFICATE_ENDINGS)


def _material_catalog(objects: list[str]) -> list[dict]:
    """About 300 canonical materials: the shared ones, each object's form, each certificate."""
    materials = [
        {"code": code, "name": name, "aliases": list(aliases), "issuer": issuer, "e_license": e_license}
        for code, name, aliases, issuer, e_license in _COMMON_MATERIALS
    ]
    materials += [
        {"code": f"M-FORM-{i:03d}", "name": f"{obj}申请表", "aliases": [f"{obj}申请书"]}
        for i, obj in enumerate(objects)
    ]
    materials += [
        {"code": f"M-CERT-{i:03d}", "name": f"原{obj}", "aliases": [f"{obj}原件"], "issuer": "原发证机关"}
        for i, obj in enumerate(objects)
        if _is_certificate(obj)
    ]
    return materials


def _requirement(code: str, rng: random.Random, government: set[str]) -> dict:
    req: dict = {"material": code, "original_or_copy": rng.choice(["原件", "复印件", "原件和复印件"])}
    if code in government:
        req["source"] = "政府部门核发"
        req["exempt"] = rng.random() < 0.5
    if rng.random() < 0.2:
        req["copies"] = 2
    if rng.random() < 0.15:
        req["lenient"] = True
    return req


def synthetic_catalog(n_items: int = 10_000, faqs_per_item: int = 5, seed: int = 0) -> Catalog:
    """A valid catalog of `n_items` items with `faqs_per_item` FAQs each, the same for a seed."""
    if n_items < 1:
        raise ValueError("n_items must be at least 1")
    if not 1 <= faqs_per_item <= len(_FAQS):
        raise ValueError(f"faqs_per_item must be between 1 and {len(_FAQS)}")
    rng = random.Random(seed)
    combos = [(d, obj) for d in _DEPARTMENTS for obj in d.objects]
    objects = [obj for _, obj in combos]
    total = len(combos) * len(_ACTIONS) * len(_QUALIFIERS)
    if n_items > total:
        raise ValueError(f"at most {total} distinct items can be generated")
    form_code = {obj: f"M-FORM-{i:03d}" for i, obj in enumerate(objects)}
    cert_code = {obj: f"M-CERT-{i:03d}" for i, obj in enumerate(objects) if _is_certificate(obj)}
    materials = _material_catalog(objects)
    material_names = {m["code"]: m["name"] for m in materials}
    government = {code for code, _n, _a, issuer, _e in _COMMON_MATERIALS if issuer} | set(cert_code.values())

    departments = [
        {
            "code": d.code,
            "name": f"{CITY}{d.name}",
            "phone": f"0123-86{i + 10:02d}0001",
            "address": f"{CITY}东湖区政务大道88号市民中心{i % 5 + 1}楼",
        }
        for i, d in enumerate(_DEPARTMENTS)
    ]
    dept_phone = {d["code"]: d["phone"] for d in departments}

    items: list[dict] = []
    names: set[str] = set()
    for number in rng.sample(range(total), min(total, n_items * 2)):
        if len(items) == n_items:
            break
        combo, rest = divmod(number, len(_ACTIONS) * len(_QUALIFIERS))
        action, qualifier = _ACTIONS[rest // len(_QUALIFIERS)], _QUALIFIERS[rest % len(_QUALIFIERS)]
        dept, obj = combos[combo]
        name = f"{qualifier}{obj}{action}"
        if name in names:
            continue
        names.add(name)
        items.append(
            _item(len(items), dept, obj, action, qualifier, rng, (form_code[obj], cert_code.get(obj)), government,
                  material_names, dept_phone[dept.code], faqs_per_item)
        )
    if len(items) < n_items:  # pragma: no cover - only when names collide massively
        raise ValueError("could not generate enough distinct item names")
    synonyms = [{"term": term, "canonical": list(canonical)} for term, canonical in _SYNONYMS]
    return Catalog.model_validate(
        {
            "departments": departments,
            "materials": materials,
            "items": items,
            "synonyms": synonyms,
            "out_of_scope_examples": _out_of_scope_examples(rng, max(50, n_items // 10)),
        }
    )


_OFF_TOPICS = (
    "天气", "股票", "彩票", "火锅", "电影", "足球", "减肥", "感冒", "宠物猫", "手机信号", "高铁票", "红烧肉",
    "游戏充值", "快递", "健身房", "装修", "相亲", "旅游攻略", "房价走势", "汽车保养",
)
_OFF_FRAMES = ("{}怎么样", "明天{}会好吗", "{}哪里便宜", "推荐一下{}", "{}有什么技巧", "我想了解{}", "{}怎么弄")


def _out_of_scope_examples(rng: random.Random, n: int) -> list[dict]:
    """Questions a catalogue would not answer, for the domain classifier (distinct, deterministic)."""
    seen: set[str] = set()
    while len(seen) < min(n, len(_OFF_TOPICS) * len(_OFF_FRAMES) * 3):
        q = rng.choice(_OFF_FRAMES).format(rng.choice(_OFF_TOPICS)) + rng.choice(("", "？", "呢"))
        seen.add(q)
    return [{"q": q, "topic": "日常"} for q in sorted(seen)]


def _item(
    index: int,
    dept: _Dept,
    obj: str,
    action: str,
    qualifier: str,
    rng: random.Random,
    own: tuple[str, str | None],
    government: set[str],
    material_names: dict[str, str],
    phone: str,
    faqs_per_item: int,
) -> dict:
    name = f"{qualifier}{obj}{action}"
    enterprise = qualifier in _ENTERPRISE or (not qualifier and rng.random() < 0.3)
    oc = rng.choice(_COLLOQUIAL_OBJECT.get(obj, (obj,)))
    ac = rng.choice(_COLLOQUIAL_ACTION[action])
    qc = rng.choice(_COLLOQUIAL_QUALIFIER.get(qualifier, ("",)))

    # Aliases: colloquial object × colloquial action, both word orders, with the qualifier.
    candidates = [f"{oc}{ac}", f"{ac}{oc}", f"{qc}{oc}{ac}", f"{obj}{ac}", f"{qualifier}{oc}{action}"]
    candidates += [f"{o}{a}" for o in _COLLOQUIAL_OBJECT.get(obj, ()) for a in _COLLOQUIAL_ACTION[action]]
    aliases = [a for a in dict.fromkeys(candidates) if a and a != name]
    aliases = rng.sample(aliases, min(len(aliases), rng.randint(2, 4)))

    # Materials: the item's form, what the action needs, who applies, and one or two others.
    form, certificate = own
    codes = [form, *_ACTION_MATERIALS.get(action, ())]
    if certificate and action in _WANTS_ORIGINAL:
        codes = [certificate if c == "M-ORIGINAL" else c for c in codes]
        codes.insert(1, certificate)
    pool = _ENTERPRISE_MATERIALS if enterprise else _PERSON_MATERIALS
    codes += [pool[0], *rng.sample(pool[1:], rng.randint(0, 2))]
    others = [c for c, *_ in _COMMON_MATERIALS if c not in _AGENT_MATERIALS]
    codes += rng.sample(others, rng.randint(0, 2))
    codes = list(dict.fromkeys(codes))
    requirements = [_requirement(code, rng, government) for code in codes]
    requirements[0].update(original_or_copy="原件", form="纸质或电子", signature="申请人签字")

    promised = rng.choice([0, 0, 1, 3, 5, 7, 10, 15, 20])
    legal = promised + rng.choice([0, 5, 10, 15])
    charged = rng.random() < 0.2
    online = rng.random() < 0.7
    visits = 0 if online and rng.random() < 0.5 else rng.choice([1, 1, 2])
    district = rng.choice(_DISTRICTS)
    who = "申请单位" if enterprise else rng.choice(_PERSONS[:3])
    code = f"SYN-{index + 1:06d}"
    places = [
        {"name": f"{HALL}{dept.name}窗口", "address": f"{CITY}东湖区政务大道88号市民中心{index % 4 + 1}楼",
         "hours": HOURS, "transport": "乘1路、15路公交至市民中心站"},
    ]
    if rng.random() < 0.5:
        places.append({"name": f"{district}政务服务中心", "address": f"{CITY}{district}人民路{index % 90 + 1}号",
                       "hours": HOURS})
    process = ["提交申请", "受理", "审核", "作出决定", "送达"][: rng.randint(3, 5)]
    summary = (
        f"{qualifier or who}{rng.choice(_REASONS)}需要{action}{obj}的，可向{CITY}{dept.name}申请办理{name}，"
        f"符合条件的予以办理并出具{obj}相关证明或决定。"
    )
    conditions = (
        f"{qualifier or who}持有效身份证件申请；申请材料齐全、符合法定形式；"
        f"{'依法登记的企业或其他组织' if enterprise else '具有完全民事行为能力的自然人'}，"
        f"近三年无{obj}相关严重违法失信记录。"
    )
    fee_text = (f"收费。{obj}工本费每证{rng.choice([5, 10, 20, 40])}元，符合减免条件的可申请减免。"
                if charged else "不收费。")
    limit = f"承诺{promised}个工作日内办结。" if promised else "材料齐全的当场办结。"
    ctx = {
        "name": name, "oc": oc, "ac": ac, "qc": qc or "我想", "city": CITY, "dept": dept.name,
        "materials": "、".join(material_names[c] for c in codes), "fee": fee_text, "limit": limit,
        "limit_short": "当场办结" if not promised else f"{promised}个工作日内办结",
        "place": places[0]["name"], "hours": HOURS, "phone": phone,
        "visits": f"最多跑{visits}次。" if visits else "全程网办，一次不用跑。",
        "online": "可以，登录青川政务服务网或“青川办事”小程序在线申请。" if online else "暂不支持网上办理，请到窗口办理。",
        "process": "→".join(process), "conditions": conditions,
    }
    faqs = [{"q": q.format(**ctx), "a": a.format(**ctx)} for q, a in rng.sample(_FAQS, faqs_per_item)]

    item: dict = {
        "code": code,
        "implement_code": f"11360100SYN{index + 1:08d}",
        "name": name,
        "aliases": aliases,
        "type": dept.type,
        "department": dept.code,
        "level": rng.choice(["市级", "市级", "县级", "省级"]),
        "service_object": ["法人"] if enterprise else ["自然人"],
        "summary": summary,
        "legal_basis": [f"{dept.basis}第{rng.randint(2, 60)}条"],
        "conditions": conditions,
        "process": [{"name": step, "description": f"{step}：{dept.name}按规定办理"} for step in process],
        "legal_time_limit": {"days": legal},
        "promised_time_limit": {"days": promised},
        "handling_type": "即办件" if promised == 0 else "承诺件",
        "fee": {"charged": True, "basis": "按规定收取工本费",
                "items": [{"name": f"{obj}工本费", "standard": "每证10元"}]} if charged else
               {"charged": False, "basis": "不收费"},
        "places": places,
        "phones": {"consult": phone, "complaint": "12345"},
        "visits": visits,
        "online": {"available": True, "depth": rng.randint(2, 4),
                   "url": f"https://zwfw.qingchuan.example/item/{code}"} if online else {"available": False},
        "result": {"name": f"{obj}（{action}）", "type": "证照" if obj.endswith(("证", "照", "证书")) else "批文"},
        "faqs": faqs,
        "materials": requirements,
        "valid_from": "2024-01-01",
    }
    if rng.random() < 0.5:  # who applies: agents bring two more materials
        item["questions"] = [{
            "id": "applicant",
            "text": "由本人办理还是委托他人办理？",
            "options": [{"id": "self", "text": "本人办理"}, {"id": "agent", "text": "委托他人代办"}],
        }]
        item["rules"] = [{
            "when": {"applicant": ["agent"]},
            "add": [{"material": c, "signature": "申请人签字" if c == "M-AGENT-AUTH" else "无"}
                    for c in _AGENT_MATERIALS],
            "note": "委托办理的，受托人须持本人身份证件到场",
        }]
    return item


# -- queries -----------------------------------------------------------------------------

_WRAPS: tuple[str, ...] = (
    "{x}", "{x}怎么办", "请问{x}需要什么材料", "我想{x}，去哪里办", "{x}要多久", "{x}收费吗",
    "咨询一下{x}的流程", "{x}要带啥", "{x}可以网上办吗", "你好，{x}在哪个窗口", "想问下{x}", "{x}咋弄",
)
_FAQ_PREFIXES: tuple[str, ...] = ("", "", "请问", "你好，", "问一下，", "麻烦问下")
# Formal → what citizens type instead.
_COLLOQUIAL_SWAPS: tuple[tuple[str, str], ...] = tuple(
    (formal, colloquial[0]) for formal, colloquial in _COLLOQUIAL_OBJECT.items()
) + (("办理", "办"), ("申领", "办"), ("补领", "补办"), ("延续", "续期"), ("企业", "公司"))


def _colloquial(text: str, rng: random.Random) -> str:
    for formal, colloquial in _COLLOQUIAL_SWAPS:
        if formal in text and rng.random() < 0.5:
            text = text.replace(formal, colloquial)
    return text


def _drop_char(text: str, rng: random.Random) -> str:
    positions = [i for i, ch in enumerate(text) if "\u4e00" <= ch <= "\u9fff"]
    if len(positions) < 4:
        return text
    i = rng.choice(positions)
    return text[:i] + text[i + 1 :]


def synthetic_query_pairs(catalog: Catalog, n: int, seed: int = 0, drop_rate: float = 0.2) -> list[tuple[str, str]]:
    """(citizen query, code of the item it is about) pairs; deterministic for a seed."""
    rng = random.Random(seed)
    items = [i for i in catalog.items if i.faqs]
    if not items:
        raise ValueError("the catalog has no items to ask about")
    out = []
    for _ in range(n):
        item = rng.choice(items)
        roll = rng.random()
        if roll < 0.4:
            faq = rng.choice(item.faqs).q.rstrip("？?。 ")
            text = rng.choice(_FAQ_PREFIXES) + faq
        else:
            base = item.name if roll < 0.65 or not item.aliases else rng.choice(item.aliases)
            text = rng.choice(_WRAPS).format(x=base)
        text = _colloquial(text, rng)
        if rng.random() < drop_rate:
            text = _drop_char(text, rng)
        out.append((text, item.code))
    return out


def synthetic_queries(catalog: Catalog, n: int, seed: int = 0) -> list[str]:
    """`n` citizen-like questions about random items of `catalog` (some a character short)."""
    return [query for query, _code in synthetic_query_pairs(catalog, n, seed)]
