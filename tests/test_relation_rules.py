"""One positive and one negative sentence for every relation rule.

Every trigger rule of graph/extract/lexicons/relations.yaml and every structural rule of
graph/extract/relations.py gets a sentence in which it must find a (subject, predicate, object)
and a sentence, as close as possible to the first, in which it must not (the object beyond the
rule's window, the wrong order, the wrong glue, the wrong type).  The assertions are on the
triples only, never on confidences (those are calibrated and may move); the cases of the rules
written later (LATER_RULES) also say which rule the kept candidate names (what a reviewer sees
and what calibration weighs).  Names are invented entities of a small gazetteer, so the
sentences test the rules and not the name finders.
"""

from __future__ import annotations

import pytest

from graph.extract import Extractor, build_gazetteer, load_lexicons
from graph.model import Entity
from graph.vocab import load_ontology
from tests.conftest import ONTOLOGY

ENTITIES = [
    Entity("lanhai", "Firm", "蓝海科技", en="Lanhai Tech"),
    Entity("qingmu", "Firm", "青木电子", en="Qingmu Electronics"),
    Entity("xinghe", "Firm", "星河汽车", en="Xinghe Motors"),
    Entity("kejiju", "Organization", "市科技局", en="Science Bureau"),
    Entity("alliance", "Organization", "机器人产业联盟", en="Robot Alliance"),
    Entity("xinghe-univ", "Organization", "星河大学"),
    Entity("xinghe-school", "Organization", "星河大学智能学院"),
    Entity("nanshan-centre", "Organization", "南山区创新中心"),
    Entity("product-institute", "Organization", "蓝海一号研究院"),
    Entity("li", "Person", "李明远", en="Li Mingyuan"),
    Entity("wang", "Person", "王小波", en="Wang Xiaobo"),
    Entity("lanhai-one", "Product", "蓝海一号", en="Lanhai One"),
    Entity("xieshou", "Product", "携手系列"),
    Entity("policy-ten", "Policy", "创新十条", en="Innovation Ten Measures"),
    Entity("drone-policy", "Policy", "无人机产业促进条例"),
    Entity("keyuan", "Place", "科苑片区"),
    Entity("lianhe", "Firm", "联合电子"),  # a trigger word (联合) inside a name
    Entity("nanshan-lanjing", "Firm", "南山区蓝鲸电子"),
    Entity("keyuan-full", "Place", "南山区科苑片区"),
    Entity("drone-measures", "Policy", "扶持无人机办法"),
    Entity("one-measures", "Policy", "蓝海一号推广办法"),
    Entity("cuj", "Policy", "促进发展无人机"),  # an industry at the end of a name
    Entity("keyuan-centre", "Organization", "科苑片区创新中心"),
    Entity("lanhai-inst", "Organization", "蓝海科技研究院"),
    Entity("xinghe-tech", "Firm", "星河大学科技"),
    Entity("title", "Recognition", "创新之城"),
    Entity("list", "Recognition", "百强名单"),
    Entity("drone-capital", "Recognition", "无人机之都"),  # a hub title naming an industry
    Entity("quantum-sensing", "Industry", "量子传感", en="quantum sensing"),
    Entity("vehicle-quantum-sensing", "Industry", "车载量子传感"),  # ends with a known industry
    Entity("display", "Industry", "显示"),  # also the verb of «数据显示» (the data show)
    Entity("mainland-china", "Place", "中国大陆"),
    Entity("qiantang-park", "Place", "钱塘产业园", en="Qiantang Park"),
    Entity("vqs-measures", "Policy", "车载量子传感推广办法"),  # a policy titled with a compound of two industries
    Entity("fox-precision", "Firm", "富士康精密电子"),  # a lexicon firm (富士康) and a trade word: no unit of it
    Entity("fox-institute", "Organization", "富士康研究院"),  # the same lexicon firm and a unit word  # a site: a park the lexicons know no unit of  # the country a Taiwanese article's 大陆全国 names
]

# Ten characters that name nothing and contain no trigger: widen a gap past a rule's window.
PAD = "在过去的很多年里一直"
EN_PAD = "over many long years "
# A second city in a sentence about locatedIn: a firm named with one city only is weakly placed
# there by another rule (firm-with-only-city), which would hide whether the rule under test fired.
OTHER_CITY = "不是北京。"
EN_OTHER_CITY = ", not Beijing."


@pytest.fixture(scope="module")
def extractor():
    ontology = load_ontology(str(ONTOLOGY / "szkg.ttl"))
    return Extractor(build_gazetteer(ENTITIES), ontology, model=False, calibrated=False, learned=False)


def triples(extractor, sentence: str, script: str = "") -> set[tuple[str, str, str]]:
    return {(c.subject, c.predicate, c.object) for c in extractor.extract(sentence, script=script).candidates}


def pad(n: int) -> str:
    return (PAD * (n // len(PAD) + 1))[:n]


def en_pad(n: int) -> str:
    return (EN_PAD * (n // len(EN_PAD) + 1))[:n]


# rule id → (positive sentence, negative sentence, the triple)
TRIGGER_RULES = {
    "awarded-title": ("深圳获评创新之城。", f"深圳获评{pad(13)}创新之城。", ("title", "awardedTo", "shenzhen")),
    "listed-on": ("蓝海科技入选百强名单。", f"蓝海科技入选{pad(13)}百强名单。", ("lanhai", "recognizedBy", "list")),
    "published-by": ("市科技局发布百强名单。", f"市科技局发布{pad(11)}百强名单。", ("list", "publishedBy", "kejiju")),
    "customer-of": ("星河汽车是蓝海科技的重要客户。", f"星河汽车是{pad(9)}蓝海科技的重要客户。", ("lanhai", "supplies", "xinghe")),
    "founded-by-list": ("蓝海科技由李明远、王小波共同创立。", f"蓝海科技{pad(17)}由李明远、王小波共同创立。",
                        ("lanhai", "foundedBy", "wang")),
    "firm-is-place-company": ("蓝海科技是一家专注于电池的深圳企业。" + OTHER_CITY,
                              f"蓝海科技是一家{pad(21)}深圳企业。" + OTHER_CITY, ("lanhai", "locatedIn", "shenzhen")),
    "located-headquarters": ("蓝海科技总部位于深圳。" + OTHER_CITY, f"蓝海科技总部位于{pad(15)}深圳。" + OTHER_CITY,
                             ("lanhai", "locatedIn", "shenzhen")),
    "located-trigger": ("蓝海科技位于深圳。" + OTHER_CITY, f"蓝海科技位于{pad(15)}深圳。" + OTHER_CITY, ("lanhai", "locatedIn", "shenzhen")),
    "located-founded-in": ("成立于深圳多年的蓝海科技发展很快。" + OTHER_CITY, f"成立于深圳{pad(13)}的蓝海科技发展很快。" + OTHER_CITY,
                           ("lanhai", "locatedIn", "shenzhen")),
    "located-in-place-founded": ("深圳诞生了蓝海科技。" + OTHER_CITY, f"深圳诞生了{pad(7)}蓝海科技。" + OTHER_CITY, ("lanhai", "locatedIn", "shenzhen")),
    # «蓝海科技在深圳…» alone is firm-at-place: a year between the firm and 在 leaves it to this rule
    "located-subject-in-place-founded": ("蓝海科技2006年在深圳起家。" + OTHER_CITY,
                                         f"蓝海科技{pad(7)}深圳起家。" + OTHER_CITY, ("lanhai", "locatedIn", "shenzhen")),
    "located-built-in-place": ("去年在深圳建成了科苑片区。" + OTHER_CITY, f"深圳{pad(3)}建成了科苑片区。" + OTHER_CITY,
                               ("keyuan", "locatedIn", "shenzhen")),
    "located-place-has": ("深圳不仅拥有蓝海科技。" + OTHER_CITY, f"深圳{pad(5)}拥有蓝海科技。" + OTHER_CITY,
                          ("lanhai", "locatedIn", "shenzhen")),
    "located-from-place": ("蓝海科技来自深圳。" + OTHER_CITY, f"蓝海科技来自{pad(11)}深圳。" + OTHER_CITY, ("lanhai", "locatedIn", "shenzhen")),
    "founded-by-role": ("蓝海科技作为创始人李明远的心血", "蓝海科技公司旗下创始人李明远的心血", ("lanhai", "foundedBy", "li")),
    "founded-by-verb": ("李明远创办了蓝海科技。", f"李明远{pad(9)}创办了蓝海科技。", ("lanhai", "foundedBy", "li")),
    "supplies-to": ("蓝海科技供应给星河汽车电池。", f"蓝海科技供应给{pad(7)}星河汽车电池。", ("lanhai", "supplies", "xinghe")),
    "supplier-of": ("蓝海科技作为供应商服务星河汽车。", f"蓝海科技作为供应商{pad(9)}星河汽车。",
                    ("lanhai", "supplies", "xinghe")),
    "supplier-of-customer": ("蓝海科技长期担任星河汽车的供应商。", f"蓝海科技{pad(7)}星河汽车的供应商。",
                             ("lanhai", "supplies", "xinghe")),
    "supplies-customer-buys": ("星河汽车采购蓝海科技的电池。", f"星河汽车采购{pad(9)}蓝海科技的电池。",
                               ("lanhai", "supplies", "xinghe")),
    "partners-with": ("蓝海科技今年同星河汽车展开合作。", f"蓝海科技{pad(17)}同星河汽车展开合作。",
                      ("lanhai", "partnersWith", "xinghe")),
    "partners-with-lead": ("蓝海科技携手星河汽车。", f"蓝海科技携手{pad(5)}星河汽车。", ("lanhai", "partnersWith", "xinghe")),
    "partners-with-and": ("蓝海科技与星河汽车展开合作。", f"蓝海科技与{pad(16)}星河汽车展开合作。", ("lanhai", "partnersWith", "xinghe")),
    "enabled-benefit": ("得益于创新十条,蓝海科技快速成长。", f"得益于创新十条,{pad(41)}蓝海科技快速成长。",
                        ("policy-ten", "enabled", "lanhai")),
    "enabled-push": ("创新十条支持蓝海科技发展。", f"创新十条支持{pad(21)}蓝海科技发展。", ("policy-ten", "enabled", "lanhai")),
    "issued-by": ("市科技局出台创新十条。", f"市科技局出台{pad(11)}创新十条。", ("policy-ten", "issuedBy", "kejiju")),
    "issued-by-passive": ("市科技局颁布的创新十条。", f"市科技局颁布的{pad(5)}创新十条。", ("policy-ten", "issuedBy", "kejiju")),
    "targets-focus": ("创新十条聚焦蓝海一号。", f"创新十条聚焦{pad(21)}蓝海一号。", ("policy-ten", "targets", "lanhai-one")),
    "produces-verb": ("蓝海科技推出蓝海一号。", f"蓝海科技推出{pad(13)}蓝海一号。", ("lanhai", "produces", "lanhai-one")),
    "operates-in-focus": ("蓝海科技专注无人机,青木电子则不然。", f"蓝海科技专注{pad(11)}无人机,青木电子则不然。",
                          ("lanhai", "operatesIn", "drones")),
    "operates-in-market": ("蓝海科技在无人机赛道领先,青木电子则不然。", f"蓝海科技{pad(13)}无人机赛道领先,青木电子则不然。",
                           ("lanhai", "operatesIn", "drones")),
    "operates-in-market-lead": ("无人机赛道里蓝海科技领先,青木电子则不然。", f"无人机赛道里{pad(13)}蓝海科技领先,青木电子则不然。",
                                ("lanhai", "operatesIn", "drones")),
    "supplies-to-customer": ("蓝海科技向星河汽车供应电池。", f"蓝海科技{pad(7)}向星河汽车供应电池。", ("lanhai", "supplies", "xinghe")),
    "supplier-of-customer-product": ("蓝海科技是星河汽车的电池供应商。", f"蓝海科技是星河汽车的{pad(9)}供应商。",
                                     ("lanhai", "supplies", "xinghe")),
    "supplies-into-supply-chain": ("蓝海科技的电池已进入星河汽车供应链。", f"蓝海科技的电池已进入星河汽车{pad(15)}供应链。",
                                   ("lanhai", "supplies", "xinghe")),
    "invests-in-described": ("蓝海科技投资了深圳的电池企业青木电子。", f"蓝海科技投资了{pad(15)}青木电子。",
                             ("lanhai", "investsIn", "qingmu")),
    "invests-stake": ("蓝海科技持股5%的青木电子发布新品。", f"蓝海科技持股5%的{pad(18)}青木电子发布新品。",
                      ("lanhai", "investsIn", "qingmu")),
    "invested-by": ("青木电子获得蓝海科技投资。", f"青木电子获得{pad(4)}蓝海科技投资。", ("lanhai", "investsIn", "qingmu")),
    "place-brought-forth": ("深圳涌现了以蓝海科技、青木电子为代表的企业。" + OTHER_CITY,
                            f"深圳涌现了以{pad(5)}蓝海科技、青木电子为代表的企业。" + OTHER_CITY, ("qingmu", "locatedIn", "shenzhen")),
    "firms-of-place-listed": ("蓝海科技、青木电子等深圳企业加大投入。" + OTHER_CITY,
                              f"蓝海科技、青木电子等{pad(2)}深圳企业加大投入。" + OTHER_CITY, ("qingmu", "locatedIn", "shenzhen")),
    "place-is-firms-base": ("深圳是蓝海科技的大本营。" + OTHER_CITY, f"深圳{pad(3)}是蓝海科技的大本营。" + OTHER_CITY,
                            ("lanhai", "locatedIn", "shenzhen")),
    "invests-in": ("蓝海科技投资青木电子。", f"蓝海科技投资{pad(7)}青木电子。", ("lanhai", "investsIn", "qingmu")),
    "member-of": ("蓝海科技加入机器人产业联盟。", f"蓝海科技加入{pad(9)}机器人产业联盟。", ("lanhai", "memberOf", "alliance")),
    "competes-with": ("蓝海科技是青木电子的竞争对手。", f"蓝海科技{pad(11)}青木电子的竞争对手。",
                      ("lanhai", "competesWith", "qingmu")),
    "leads-role": ("李明远掌舵蓝海科技。", f"李明远掌舵{pad(5)}蓝海科技。", ("li", "leads", "lanhai")),
    "en-located": ("Lanhai Tech is based in Shenzhen" + EN_OTHER_CITY, f"Lanhai Tech is based in {en_pad(46)} Shenzhen" + EN_OTHER_CITY,
                   ("lanhai", "locatedIn", "shenzhen")),
    "en-based-apposition": ("Lanhai Tech, the Shenzhen-based carmaker, grew" + EN_OTHER_CITY,
                            f"Lanhai Tech, the {en_pad(13)} Shenzhen-based carmaker, grew" + EN_OTHER_CITY,
                            ("lanhai", "locatedIn", "shenzhen")),
    "en-place-based": ("The Shenzhen-based Lanhai Tech grew" + EN_OTHER_CITY, f"The Shenzhen-based {en_pad(31)} Lanhai Tech grew" + EN_OTHER_CITY,
                       ("lanhai", "locatedIn", "shenzhen")),
    "en-home-to": ("Shenzhen is home to Lanhai Tech" + EN_OTHER_CITY, f"Shenzhen is home to {en_pad(41)} Lanhai Tech" + EN_OTHER_CITY,
                   ("lanhai", "locatedIn", "shenzhen")),
    "en-founded-by": ("Lanhai Tech was founded by Li Mingyuan.", f"Lanhai Tech was founded by {en_pad(46)} Li Mingyuan.",
                      ("lanhai", "foundedBy", "li")),
    "en-founder-of": ("Li Mingyuan, founder of Lanhai Tech, spoke.", f"Li Mingyuan, {en_pad(26)} founder of Lanhai Tech, spoke.",
                      ("lanhai", "foundedBy", "li")),
    "en-firm-founder": ("Lanhai Tech founder Li Mingyuan spoke.", f"Lanhai Tech founder {en_pad(13)} Li Mingyuan spoke.",
                        ("lanhai", "foundedBy", "li")),
    "en-leads-of": ("Li Mingyuan, chairman of Lanhai Tech, spoke.", f"Li Mingyuan, chairman of {en_pad(26)} Lanhai Tech, spoke.",
                    ("li", "leads", "lanhai")),
    "en-firm-leader": ("Lanhai Tech chairman Li Mingyuan spoke.", f"Lanhai Tech chairman {en_pad(13)} Li Mingyuan spoke.",
                       ("li", "leads", "lanhai")),
    "en-supplies": ("Lanhai Tech supplies Xinghe Motors.", f"Lanhai Tech supplies {en_pad(41)} Xinghe Motors.",
                    ("lanhai", "supplies", "xinghe")),
    "en-customer-of": ("Xinghe Motors is a customer of Lanhai Tech.",
                       f"Xinghe Motors is a customer of {en_pad(41)} Lanhai Tech.", ("lanhai", "supplies", "xinghe")),
    "en-competes": ("Lanhai Tech's archrival Qingmu Electronics grew.",
                    f"Lanhai Tech's archrival {en_pad(41)} Qingmu Electronics grew.", ("lanhai", "competesWith", "qingmu")),
    "place-is-places-part": ("科苑片区亦是深圳的创新中心。", f"科苑片区亦是{pad(4)}深圳的创新中心。", ("keyuan", "locatedIn", "shenzhen")),
    "firm-national-superlative": ("蓝海科技如今已经成为中国第一大电池公司。", f"蓝海科技{pad(51)}成为中国第一大电池公司。",
                                  ("lanhai", "locatedIn", "china")),
    "en-partners": ("Lanhai Tech partnered with Xinghe Motors.", f"Lanhai Tech partnered with {en_pad(46)} Xinghe Motors.",
                    ("lanhai", "partnersWith", "xinghe")),
    "en-invests": ("Lanhai Tech invested in Qingmu Electronics.",
                   f"Lanhai Tech invested in {en_pad(41)} Qingmu Electronics.", ("lanhai", "investsIn", "qingmu")),
    "en-subsidiary": ("Lanhai Tech is a subsidiary of Xinghe Motors.",
                      f"Lanhai Tech is a subsidiary of {en_pad(31)} Xinghe Motors.", ("lanhai", "subsidiaryOf", "xinghe")),
    "en-produces": ("Lanhai Tech unveiled Lanhai One.", f"Lanhai Tech unveiled {en_pad(41)} Lanhai One.",
                    ("lanhai", "produces", "lanhai-one")),
    "en-produces-owner-of": ("Lanhai Tech, the owner of Lanhai One, grew.", f"Lanhai Tech, the owner of {en_pad(26)} Lanhai One, grew.",
                             ("lanhai", "produces", "lanhai-one")),
    "en-founded-in-place": ("Lanhai Tech was founded in Shenzhen" + EN_OTHER_CITY,
                            f"Lanhai Tech was founded in {en_pad(26)} Shenzhen" + EN_OTHER_CITY,
                            ("lanhai", "locatedIn", "shenzhen")),
    "en-operates-in": ("Lanhai Tech makes consumer drones, unlike Qingmu Electronics.",
                       f"Lanhai Tech makes {en_pad(31)} consumer drones, unlike Qingmu Electronics.",
                       ("lanhai", "operatesIn", "consumer-drones")),
    "en-issued": ("The Science Bureau released the Innovation Ten Measures.",
                  f"The Science Bureau released {en_pad(31)} the Innovation Ten Measures.",
                  ("policy-ten", "issuedBy", "kejiju")),
    "en-issued-by": ("The Innovation Ten Measures were issued by the Science Bureau.",
                     f"The Innovation Ten Measures were issued by {en_pad(31)} the Science Bureau.",
                     ("policy-ten", "issuedBy", "kejiju")),
    "en-works-for": ("Li Mingyuan, engineer at Lanhai Tech, spoke.",
                     f"Li Mingyuan, engineer at {en_pad(26)} Lanhai Tech, spoke.", ("li", "worksFor", "lanhai")),
    # round 9: the challenge set of invented sentences
    "subsidiary-of-parent": ("青木电子是蓝海科技的子公司。", f"青木电子是{pad(7)}蓝海科技的子公司。", ("qingmu", "subsidiaryOf", "lanhai")),
    "subsidiary-under-parent": ("蓝海科技旗下的青木电子发布新品。", f"蓝海科技旗下的{pad(3)}青木电子发布新品。",
                                ("qingmu", "subsidiaryOf", "lanhai")),
    "subsidiary-belongs": ("青木电子隶属于蓝海科技。", f"青木电子隶属于{pad(5)}蓝海科技。", ("qingmu", "subsidiaryOf", "lanhai")),
    "issued-by-agent": ("创新十条由市科技局发布。", f"创新十条由市科技局{pad(9)}发布。", ("policy-ten", "issuedBy", "kejiju")),
    "published-by-agent": ("百强名单由市科技局发布。", f"百强名单由市科技局{pad(9)}发布。", ("list", "publishedBy", "kejiju")),
    "produces-by-agent": ("蓝海一号由蓝海科技研发。", f"蓝海一号由蓝海科技{pad(9)}研发。", ("lanhai", "produces", "lanhai-one")),
    "competes-with-and": ("蓝海科技与青木电子展开竞争。", f"蓝海科技与{pad(5)}青木电子展开竞争。", ("lanhai", "competesWith", "qingmu")),
    "competitor-is": ("蓝海科技的主要竞争对手是青木电子。", f"蓝海科技的主要竞争对手是{pad(5)}青木电子。",
                      ("lanhai", "competesWith", "qingmu")),
    "supplies-customer-buys-from": ("星河汽车向蓝海科技采购电池。", f"星河汽车向蓝海科技{pad(5)}采购电池。",
                                    ("lanhai", "supplies", "xinghe")),
    "supplies-by-agent": ("星河汽车的电池由蓝海科技供应。", f"星河汽车的电池由蓝海科技{pad(7)}供应。", ("lanhai", "supplies", "xinghe")),
    "works-for-verb": ("李明远任职于蓝海科技。", f"李明远任职于{pad(5)}蓝海科技。", ("li", "worksFor", "lanhai")),
    "works-for-at": ("李明远在蓝海科技工作。", f"李明远在蓝海科技{pad(5)}工作。", ("li", "worksFor", "lanhai")),
    "supports-body": ("市科技局支持蓝海科技。", f"市科技局支持{pad(7)}蓝海科技。", ("kejiju", "supports", "lanhai")),
    "invested-by-agent": ("青木电子完成由蓝海科技领投的融资。", f"青木电子完成由蓝海科技{pad(9)}领投的融资。",
                          ("lanhai", "investsIn", "qingmu")),
    "produces-under-firm": ("蓝海科技旗下的蓝海一号销量大增。", f"蓝海科技旗下的{pad(3)}蓝海一号销量大增。",
                            ("lanhai", "produces", "lanhai-one")),
    "supplies-wins-order": ("蓝海科技拿下星河汽车的电池订单。", f"蓝海科技拿下{pad(4)}星河汽车的电池订单。",
                            ("lanhai", "supplies", "xinghe")),
    "subsidiary-controlled-by": ("青木电子由蓝海科技控股。", f"青木电子由{pad(5)}蓝海科技控股。", ("qingmu", "subsidiaryOf", "lanhai")),
    "invests-to": ("蓝海科技向青木电子注资。", f"蓝海科技向{pad(5)}青木电子注资。", ("lanhai", "investsIn", "qingmu")),
    "produces-is-made-by": ("蓝海一号是蓝海科技推出的产品。", f"蓝海一号是{pad(5)}蓝海科技推出的产品。",
                            ("lanhai", "produces", "lanhai-one")),
    "firm-is-industry-company": ("蓝海科技是一家无人机企业,青木电子则不然。", f"蓝海科技是一家{pad(11)}无人机企业,青木电子则不然。",
                                 ("lanhai", "operatesIn", "drones")),
    # session 17: the ways the tune articles write who invested in a firm (a word for investors names them)
    "invests-taken-in": ("青木电子作为电池厂商,仅用42天即引入蓝海科技等知名投资机构。",
                         f"青木电子{pad(29)}引入蓝海科技等投资机构。", ("lanhai", "investsIn", "qingmu")),
    "invests-shareholder-is": ("青木电子背后金主阵容鼎盛,主要股东为蓝海科技。", f"青木电子的主要股东为{pad(17)}蓝海科技。",
                               ("lanhai", "investsIn", "qingmu")),
    "invests-investors-include": ("青木电子于上市前引入多家知名投资者,其中包括蓝海科技。",
                                  f"青木电子引入多家投资者,{pad(18)}其中包括蓝海科技。", ("lanhai", "investsIn", "qingmu")),
    "en-largest-shareholder": ("Lanhai Tech is Qingmu Electronics's largest shareholder.",
                               f"Lanhai Tech is Qingmu Electronics's {en_pad(13)} largest shareholder.",
                               ("lanhai", "investsIn", "qingmu")),
    "en-backed-by": ("Qingmu Electronics, backed by Lanhai Tech, grew.",
                     f"Qingmu Electronics, {en_pad(25)} backed by Lanhai Tech, grew.", ("lanhai", "investsIn", "qingmu")),
    # session 18: a firm said to be a place's firm
    "en-firm-is-places-x": ("Lanhai Tech is Shenzhen's largest drone company" + EN_OTHER_CITY,
                            f"Lanhai Tech is {en_pad(13)} Shenzhen's largest drone company" + EN_OTHER_CITY,
                            ("lanhai", "locatedIn", "shenzhen")),
    # session 17: support written as 对…的扶持 and 为…提供支持
    "supports-to-object": ("这离不开市科技局对无人机产业的政策扶持。", f"这离不开市科技局对{pad(9)}无人机产业的政策扶持。",
                           ("kejiju", "supports", "drones")),
    "supports-provide-for": ("市科技局为蓝海科技提供资金支持。", f"市科技局为{pad(13)}蓝海科技提供资金支持。",
                             ("kejiju", "supports", "lanhai")),
}


def test_every_rule_of_the_lexicon_has_its_sentences():
    assert set(TRIGGER_RULES) == {row["id"] for row in load_lexicons().relations}


@pytest.mark.parametrize("rule", sorted(TRIGGER_RULES))
def test_trigger_rule_finds_its_relation(extractor, rule):
    sentence, _negative, triple = TRIGGER_RULES[rule]
    script = "en" if rule.startswith("en-") else ""
    assert triple in triples(extractor, sentence, script), sentence


@pytest.mark.parametrize("rule", sorted(TRIGGER_RULES))
def test_trigger_rule_stops_at_its_window(extractor, rule):
    _positive, sentence, triple = TRIGGER_RULES[rule]
    script = "en" if rule.startswith("en-") else ""
    assert triple not in triples(extractor, sentence, script), sentence


def named(extractor, sentence: str) -> set[tuple[str, str, str]]:
    """(subject, predicate, object) for every candidate, each end by its id and by every name
    it is written with (a new name's id is made up by the extractor)."""
    extraction = extractor.extract(sentence)
    names = extraction.names
    return {(a, c.predicate, b) for c in extraction.candidates
            for a in names.get(c.subject, set()) | {c.subject} for b in names.get(c.object, set()) | {c.object}}


# rule → [(sentence, (subject name, predicate, object name), found?)]
STRUCTURAL_RULES = {
    # names inside names stand after something else (据悉, 李明远): their offsets are not 0
    "name-starts-with-place": [
        ("李明远参观南山区创新中心。", ("南山区创新中心", "locatedIn", "nanshan-district"), True),
        ("据悉南山区蓝鲸电子邀请了李明远。", ("南山区蓝鲸电子", "locatedIn", "nanshan-district"), True),
        ("据悉南山区科苑片区有李明远。", ("南山区科苑片区", "locatedIn", "nanshan-district"), True),
        # an outer name with an inner one not at its start (扶持无人机办法) does not end the search
        ("据悉扶持无人机办法惠及南山区创新中心。", ("南山区创新中心", "locatedIn", "nanshan-district"), True),
        # a place the lexicons do not place anywhere does not place what it prefixes
        ("科苑片区创新中心邀请了李明远。", ("科苑片区创新中心", "locatedIn", "科苑片区"), False),
    ],
    "name-starts-with-organisation": [
        ("据悉星河大学智能学院邀请了李明远。", ("星河大学智能学院", "subsidiaryOf", "星河大学"), True),
        ("星河大学智能学院邀请了李明远。", ("星河大学", "subsidiaryOf", "星河大学智能学院"), False),
    ],
    "policy-title-names-industry": [
        ("《无人机产业促进条例》惠及李明远。", ("无人机产业促进条例", "targets", "无人机"), True),
        ("据悉扶持无人机办法惠及李明远。", ("扶持无人机办法", "targets", "无人机"), True),
        ("据悉蓝海一号推广办法惠及李明远。", ("蓝海一号推广办法", "targets", "蓝海一号"), True),
        ("《无人机产业促进条例》惠及李明远。", ("无人机产业促进条例", "enabled", "无人机"), False),
    ],
    "role-lead": [
        ("蓝海科技董事长李明远说。", ("李明远", "leads", "蓝海科技"), True),
        ("蓝海科技的客户李明远说。", ("李明远", "leads", "蓝海科技"), False),
    ],
    "role-lead-with-colon": [
        ("蓝海科技董事长:李明远说。", ("李明远", "leads", "蓝海科技"), True),
        ("蓝海科技董事长们,李明远说。", ("李明远", "leads", "蓝海科技"), False),
    ],
    "role-lead-former": [
        ("蓝海科技前董事长李明远说。", ("李明远", "leads", "蓝海科技"), True),
        ("蓝海科技和前董事长李明远说。", ("李明远", "leads", "蓝海科技"), False),
    ],
    "role-lead-concurrent": [
        ("蓝海科技董事长兼总裁李明远说。", ("李明远", "leads", "蓝海科技"), True),
        ("蓝海科技董事长兼总裁李明远说。", ("李明远", "worksFor", "蓝海科技"), False),
    ],
    "role-work": [
        ("蓝海科技副总裁李明远说。", ("李明远", "worksFor", "蓝海科技"), True),
        ("蓝海科技副总裁李明远说。", ("李明远", "leads", "蓝海科技"), False),
    ],
    "role-work-line-of-business": [
        ("蓝海科技营销副总裁李明远说。", ("李明远", "worksFor", "蓝海科技"), True),
        ("蓝海科技营造副总裁李明远说。", ("李明远", "worksFor", "蓝海科技"), False),
    ],
    "role-founder": [
        ("蓝海科技创始人李明远说。", ("蓝海科技", "foundedBy", "李明远"), True),
        ("蓝海科技创始人李明远说。", ("李明远", "leads", "蓝海科技"), False),
    ],
    "role-founder-concurrent": [
        ("蓝海科技创始人兼董事长李明远说。", ("李明远", "leads", "蓝海科技"), True),
        ("蓝海科技创始人兼董事长李明远说。", ("蓝海科技", "foundedBy", "李明远"), True),
        ("蓝海科技创始人和董事长李明远说。", ("蓝海科技", "foundedBy", "李明远"), False),
    ],
    "role-chain": [
        ("市科技局局长、蓝海科技董事长李明远说。", ("李明远", "leads", "市科技局"), True),
        ("市科技局的会议、蓝海科技董事长李明远说。", ("李明远", "leads", "市科技局"), False),
    ],
    "role-shared-by-listed-people": [
        ("蓝海科技董事长李明远、王小波说。", ("王小波", "leads", "蓝海科技"), True),
        ("蓝海科技董事长李明远和王小波说。", ("王小波", "leads", "蓝海科技"), False),
    ],
    "place-before-place": [
        ("广东南山区很大,李明远说。", ("南山区", "locatedIn", "广东"), True),
        ("广东、南山区很大,李明远说。", ("南山区", "locatedIn", "广东"), False),
    ],
    "place-before-place-not-upwards": [
        ("广东深圳两地,李明远说。", ("深圳", "locatedIn", "广东"), True),
        ("广东深圳两地,李明远说。", ("广东", "locatedIn", "深圳"), False),
    ],
    "place-before-firm": [
        ("深圳蓝海科技成立了,不是北京。", ("蓝海科技", "locatedIn", "深圳"), True),
        ("深圳有蓝海科技,不是北京。", ("蓝海科技", "locatedIn", "深圳"), False),
    ],
    "place-before-firm-list": [
        ("深圳的蓝海科技、青木电子发展很快,不是北京。", ("青木电子", "locatedIn", "深圳"), True),
        ("深圳有蓝海科技、青木电子,不是北京。", ("青木电子", "locatedIn", "深圳"), False),
    ],
    "place-chain-before-firm": [
        ("来自广东深圳的企业蓝海科技发展很快,不是北京。", ("蓝海科技", "locatedIn", "广东"), True),
        ("来自广东、深圳的企业蓝海科技发展很快,不是北京。", ("蓝海科技", "locatedIn", "广东"), False),
    ],
    "industry-before-firm": [
        ("无人机龙头蓝海科技与青木电子。", ("蓝海科技", "operatesIn", "无人机"), True),
        ("无人机带动了蓝海科技与青木电子。", ("蓝海科技", "operatesIn", "无人机"), False),
    ],
    "firm-before-industry": [
        ("蓝海科技无人机与青木电子。", ("蓝海科技", "operatesIn", "无人机"), True),
        ("蓝海科技看好无人机与青木电子。", ("蓝海科技", "operatesIn", "无人机"), False),
    ],
    "firm-before-product": [
        ("蓝海科技的蓝海一号。", ("蓝海科技", "produces", "蓝海一号"), True),
        ("蓝海科技看好蓝海一号。", ("蓝海科技", "produces", "蓝海一号"), False),
    ],
    "list-then-hypernym": [
        ("无人机、机器人等智能硬件。", ("机器人", "subIndustryOf", "智能硬件"), True),
        ("无人机、机器人和智能硬件。", ("机器人", "subIndustryOf", "智能硬件"), False),
    ],
    "list-of-firms-then-hypernym": [
        ("蓝海科技、青木电子等无人机。", ("青木电子", "operatesIn", "无人机"), True),
        ("蓝海科技、青木电子看好无人机。", ("青木电子", "operatesIn", "无人机"), False),
    ],
    "hypernym-then-list": [
        ("无人机企业包括蓝海科技、青木电子。", ("蓝海科技", "operatesIn", "无人机"), True),
        ("无人机企业的蓝海科技、青木电子。", ("蓝海科技", "operatesIn", "无人机"), False),
    ],
    "lexicon-hierarchy": [
        ("南山区的企业和深圳的高校。", ("南山区", "locatedIn", "深圳"), True),
        ("南山区的企业和北京的高校。", ("南山区", "locatedIn", "北京"), False),
    ],
    "place-before-industry": [
        ("深圳的无人机产业。", ("深圳", "hostsIndustry", "无人机"), True),
        # a country hosts only by country-before-industry (LATER_RULES), never as a firm's rank's comparison set
        ("中国无人机产业的龙头。", ("中国", "hostsIndustry", "无人机"), False),
    ],
    "country-before-industry": [
        ("中国的无人机产业。", ("中国", "hostsIndustry", "无人机"), True),
        ("中国无人机产业的龙头。", ("中国", "hostsIndustry", "无人机"), False),
    ],
    "industry-with-place": [  # a word of hosting (重点发展) in the sentence
        ("深圳今年重点发展无人机。", ("深圳", "hostsIndustry", "无人机"), True),
        ("中国今年重点发展无人机。", ("中国", "hostsIndustry", "无人机"), False),
    ],
    "industry-with-place-uncued": [  # both only named
        ("深圳的蓝海科技卖无人机。", ("深圳", "hostsIndustry", "无人机"), True),
        ("中国的蓝海科技卖无人机。", ("中国", "hostsIndustry", "无人机"), False),
    ],
    "industry-with-the-nearest-place-before": [
        ("深圳和广州的无人机。", ("广州", "hostsIndustry", "无人机"), True),
        ("深圳和广州的无人机。", ("深圳", "hostsIndustry", "无人机"), False),
    ],
    "firm-with-industry": [
        ("蓝海科技看好无人机。", ("蓝海科技", "operatesIn", "无人机"), True),
        ("蓝海科技与青木电子看好无人机。", ("蓝海科技", "operatesIn", "无人机"), False),
    ],
    "firms-before-group": [
        ("以蓝海科技、青木电子为首的「深圳两小龙」崛起。", ("青木电子", "memberOf", "深圳两小龙"), True),
        ("「深圳两小龙」之外还有蓝海科技、青木电子。", ("青木电子", "memberOf", "深圳两小龙"), False),
    ],
    "policy-with-industry": [
        ("创新十条惠及无人机。", ("创新十条", "targets", "无人机"), True),
        ("创新十条出台了。无人机发展很快。", ("创新十条", "targets", "无人机"), False),
    ],
    # a city that issues (深圳市区两级出台…) issued the policies named after it; one merely named did not
    "place-issues-policy": [
        ("深圳先后出台了多项惠及企业的专项政策,包括创新十条。", ("创新十条", "issuedBy", "深圳"), True),
        ("创新十条惠及深圳的企业。", ("创新十条", "issuedBy", "深圳"), False),
    ],
    "policy-with-a-district-is-not-issued-there": [
        ("深圳出台了多项惠及企业的专项政策,包括创新十条。", ("创新十条", "issuedBy", "深圳"), True),
        ("南山区出台了多项惠及企业的专项政策,包括创新十条。", ("创新十条", "issuedBy", "南山区"), False),
    ],
    # a trigger rule's end that is a list (A和B) brings the whole list; other glue does not
    "list-glue": [
        ("蓝海科技和星河汽车投资青木电子。", ("蓝海科技", "investsIn", "青木电子"), True),
        ("蓝海科技、星河汽车和青木电子投资联合电子。", ("蓝海科技", "investsIn", "联合电子"), True),
        ("蓝海科技看好星河汽车投资青木电子。", ("蓝海科技", "investsIn", "青木电子"), False),
    ],
    "list-glue-needs-one-type": [
        ("蓝海科技、星河汽车投资青木电子。", ("蓝海科技", "investsIn", "青木电子"), True),
        ("蓝海科技和市科技局投资青木电子。", ("蓝海科技", "investsIn", "青木电子"), False),
    ],
    # a trigger word inside a name (联合 in 联合电子) is not a trigger
    "trigger-inside-a-name": [
        ("蓝海科技联合星河汽车。", ("蓝海科技", "partnersWith", "星河汽车"), True),
        ("蓝海科技把联合电子卖给青木电子。", ("蓝海科技", "partnersWith", "青木电子"), False),
    ],
    # a trigger occurrence without a pair does not end the search of the sentence
    "policy-title-ends-with-industry": [
        ("据悉促进发展无人机惠及李明远。", ("促进发展无人机", "targets", "无人机"), True),
        ("据悉促进发展无人机惠及李明远。", ("促进发展无人机", "locatedIn", "无人机"), False),
    ],
    "a-firm-or-organisation-inside-a-name": [
        ("据悉蓝海科技研究院邀请了李明远。", ("蓝海科技研究院", "subsidiaryOf", "蓝海科技"), True),
        ("据悉星河大学科技邀请了李明远。", ("星河大学科技", "subsidiaryOf", "星河大学"), True),
        ("据悉科苑片区创新中心邀请了李明远。", ("科苑片区创新中心", "locatedIn", "科苑片区"), False),
    ],
    "role-people-apart-by-a-space": [
        ("蓝海科技董事长李明远 王小波说。", ("王小波", "leads", "蓝海科技"), True),
        ("蓝海科技身兼总裁李明远说。", ("李明远", "leads", "蓝海科技"), False),  # 身 is no role before 兼
        ("据悉蓝海科技董事长兼总裁李明远说。", ("李明远", "leads", "蓝海科技"), True),
    ],
    "place-before-place-with-de": [
        ("广东的南山区很大,李明远说。", ("南山区", "locatedIn", "广东"), True),
        ("深圳机器人产业联盟成立了,不是北京。", ("机器人产业联盟", "locatedIn", "深圳"), True),
        ("蓝海科技的无人机与青木电子。", ("蓝海科技", "operatesIn", "无人机"), True),
        ("蓝海科技蓝海一号。", ("蓝海科技", "produces", "蓝海一号"), True),
    ],
    "adjacency-goes-on-after-a-pair": [
        ("深圳有蓝海科技,青木电子无人机。", ("青木电子", "operatesIn", "无人机"), True),
        ("青木电子蓝海科技的蓝海一号。", ("蓝海科技", "produces", "蓝海一号"), True),
    ],
    "hypernym-needs-its-words": [
        ("蓝海科技、青木电子等无人机,机器人等智能硬件。", ("机器人", "subIndustryOf", "智能硬件"), True),
        ("蓝海科技、青木电子看好无人机等。", ("青木电子", "operatesIn", "无人机"), False),
        ("无人机看好蓝海科技、青木电子等企业。", ("蓝海科技", "operatesIn", "无人机"), False),
    ],
    "industry-hierarchy": [
        ("消费级无人机与无人机。", ("消费级无人机", "subIndustryOf", "无人机"), True),
        ("南山区的企业和北京的高校。", ("南山区", "locatedIn", "shenzhen"), False),  # the parent is not named
    ],
    "industry-with-place-order": [
        ("广州和深圳无人机。", ("深圳", "hostsIndustry", "无人机"), True),
        ("无人机产业在深圳发展。", ("深圳", "hostsIndustry", "无人机"), True),
        ("无人机产业在深圳和广州。", ("深圳", "hostsIndustry", "无人机"), True),
        ("无人机产业在深圳和广州。", ("广州", "hostsIndustry", "无人机"), False),
    ],
    "group-distance": [
        ("蓝海科技「深圳两小龙」崛起。", ("蓝海科技", "memberOf", "深圳两小龙"), True),
        (f"{pad(50)}以蓝海科技、青木电子为首的「深圳两小龙」崛起。", ("蓝海科技", "memberOf", "深圳两小龙"), True),
        (f"蓝海科技{pad(40)}「深圳两小龙」崛起。", ("蓝海科技", "memberOf", "深圳两小龙"), True),
        (f"蓝海科技{pad(61)}「深圳两小龙」崛起。", ("蓝海科技", "memberOf", "深圳两小龙"), False),
    ],
    "trigger-unpaired-or-elsewhere": [
        ("对手之外,蓝海科技看好青木电子。二者是竞争对手。", ("蓝海科技", "competesWith", "青木电子"), False),
        ("蓝海科技得益于青木电子。", ("蓝海科技", "enabled", "青木电子"), False),  # no policy after 得益于
    ],
    "later-trigger": [
        ("推出新品后,蓝海科技推出蓝海一号。", ("蓝海科技", "produces", "蓝海一号"), True),
        ("推出新品后,蓝海科技看好蓝海一号。", ("蓝海科技", "produces", "蓝海一号"), False),
    ],
}

CASES = [(rule, k, *case) for rule, cases in STRUCTURAL_RULES.items() for k, case in enumerate(cases)]


@pytest.mark.parametrize("rule, k, sentence, triple, found", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_structural_rule(extractor, rule, k, sentence, triple, found):
    assert (triple in named(extractor, sentence)) is found, (sentence, named(extractor, sentence))


@pytest.fixture
def without(extractor):
    """``without(rule_id)``: the extractor with one trigger rule taken out of the lexicon."""
    from graph.extract.relations import RelationRules

    kept = extractor.rules

    def make(rule: str) -> Extractor:
        rows = [row for row in extractor.lexicons.relations if row["id"] != rule]
        extractor.rules = RelationRules(kept.ontology, rows, extractor.cues.roles)
        return extractor

    yield make
    extractor.rules = kept


@pytest.mark.parametrize("rule", sorted(TRIGGER_RULES))
def test_the_positive_sentence_is_found_by_its_rule_alone(without, rule):
    """Without the rule, its positive sentence gives no such triple (no other rule stands in)."""
    sentence, _negative, triple = TRIGGER_RULES[rule]
    assert triple not in triples(without(rule), sentence, "en" if rule.startswith("en-") else ""), sentence


# ------------------------------------------------------------------ windows, words and sentences


@pytest.mark.parametrize("sentence, found", [
    (f"蓝海科技推出了{pad(12)}蓝海一号。", True),  # the object exactly a window (12) after 推出了
    (f"蓝海科技推出了{pad(13)}蓝海一号。", False),
    (f"蓝海科技{pad(12)}推出蓝海一号。", True),  # the subject exactly a window before the trigger
    (f"蓝海科技{pad(13)}推出蓝海一号。", False),
])
def test_a_window_counts_from_the_longest_trigger_and_includes_its_last_character(extractor, sentence, found):
    assert (("lanhai", "produces", "lanhai-one") in triples(extractor, sentence)) is found


@pytest.mark.parametrize("sentence, found", [
    ("Lanhai Tech is based inside Shenzhen" + EN_OTHER_CITY, False),  # «based in» is not the start of «inside»
    ("Lanhai Tech is based in Shenzhen" + EN_OTHER_CITY, True),
])
def test_a_latin_trigger_ends_with_a_word(extractor, sentence, found):
    assert (("lanhai", "locatedIn", "shenzhen") in triples(extractor, sentence, "en")) is found


@pytest.mark.parametrize("sentence, found", [
    ("Lanhai Tech remakes Lanhai One.", False),  # «makes» inside «remakes» is no trigger
    ("Lanhai Tech makes Lanhai One.", True),
])
def test_a_latin_trigger_starts_with_a_word(extractor, sentence, found):
    assert (("lanhai", "produces", "lanhai-one") in triples(extractor, sentence, "en")) is found


def test_a_trigger_in_the_next_sentence_relates_nothing_in_this_one(extractor):
    assert ("lanhai", "competesWith", "qingmu") not in triples(extractor, "蓝海科技看好青木电子。二者是竞争对手。")
    assert ("lanhai", "competesWith", "qingmu") in triples(extractor, "蓝海科技看好青木电子,二者是竞争对手。")


def test_a_trigger_after_one_inside_a_name_still_counts(extractor):
    # 联合 of 联合电子 is skipped, the 携手 after it is a trigger of the same rule
    assert ("lianhe", "partnersWith", "xinghe") in triples(extractor, "联合电子携手星河汽车。")


def test_a_rule_in_the_order_object_subject_trigger(extractor):
    """No rule of the lexicon is written O S T today; the order works for one that will be."""
    from graph.extract.relations import RelationRules

    kept = extractor.rules
    row = {"id": "test-ost", "predicate": "investsIn", "triggers": ["注资了"], "order": "O S T", "window": 4,
           "subject": ["Firm"], "object": ["Firm"], "confidence": 0.5}
    extractor.rules = RelationRules(kept.ontology, [row], extractor.cues.roles)
    try:
        assert ("lanhai", "investsIn", "qingmu") in triples(extractor, "青木电子由蓝海科技注资了。")
        assert ("qingmu", "investsIn", "lanhai") not in triples(extractor, "青木电子由蓝海科技注资了。")
        assert ("lanhai", "investsIn", "qingmu") not in triples(extractor, f"青木电子{pad(5)}蓝海科技注资了。")
        assert not triples(extractor, "注资了青木电子和蓝海科技。")  # nothing before the trigger
    finally:
        extractor.rules = kept


#: the rules of relations.py, by the name a candidate carries
STRUCTURAL_NAMES = {
    "name-starts-with-place", "place-name-is-chain", "name-starts-with-organisation", "policy-title-names-industry",
    "role-founder",
    "role-lead", "role-work", "place-before-place", "place-before-firm", "place-before-firm-list", "place-chain-before-firm",
    "industry-before-firm",
    "firm-before-industry", "firm-before-product", "list-then-hypernym", "hypernym-then-list", "lexicon-hierarchy",
    "industry-with-place", "industry-then-place", "place-before-industry", "industry-with-place-uncued", "firm-with-industry", "firms-before-group", "policy-with-industry", "place-issues-policy",
    "country-before-industry",
}


def test_every_candidate_names_the_rule_that_found_it(extractor):
    known = STRUCTURAL_NAMES | set(TRIGGER_RULES) | {"firm-with-only-city"}
    found = set()
    for sentence, _triple, _found in (case for cases in STRUCTURAL_RULES.values() for case in cases):
        found |= {c.rule for c in extractor.extract(sentence).candidates}
    for rule, (sentence, _negative, _triple) in TRIGGER_RULES.items():
        found |= {c.rule for c in extractor.extract(sentence, script="en" if rule.startswith("en-") else "").candidates}
    assert found <= known, found - known
    # role-founder finds what founded-by-role finds too, and one candidate is kept per triple
    assert STRUCTURAL_NAMES - {"role-founder"} <= found, STRUCTURAL_NAMES - found


def test_the_ontology_has_the_last_word_on_types(extractor):
    """A rule whose types are wider than its predicate's domain and range proposes nothing
    ill-typed: here foundedBy written backwards (a person founded by a firm)."""
    from graph.extract.relations import RelationRules

    kept = extractor.rules
    row = {"id": "test-backwards", "predicate": "foundedBy", "triggers": ["创办了"], "order": "S T O", "window": 4,
           "subject": ["Person", "Firm"], "object": ["Firm", "Person"], "confidence": 0.5}
    extractor.rules = RelationRules(kept.ontology, [row], extractor.cues.roles)
    try:
        assert ("li", "foundedBy", "lanhai") not in triples(extractor, "李明远创办了蓝海科技。")
        assert ("lanhai", "foundedBy", "li") in triples(extractor, "蓝海科技创办了李明远。")  # well typed, if odd
    finally:
        extractor.rules = kept


def test_a_founder_role_is_shared_by_the_people_listed_after_it(without):
    """The role chain alone (the trigger rule founded-by-role taken out)."""
    extractor = without("founded-by-role")
    found = triples(extractor, "蓝海科技创始人李明远、王小波说。")
    assert {("lanhai", "foundedBy", "li"), ("lanhai", "foundedBy", "wang")} <= found
    assert ("lanhai", "foundedBy", "wang") not in triples(extractor, "蓝海科技创始人李明远和王小波说。")
    rules = {c.rule for c in extractor.extract("蓝海科技创始人李明远、王小波说。").candidates if c.predicate == "foundedBy"}
    assert rules == {"role-founder"}


# ------------------------------------------------------------------ the rules written after the above


def proposed(extractor, sentence: str) -> dict[tuple[str, str, str], str]:
    """(subject, predicate, object) by id → the rule of the candidate kept for it.  A sentence
    in Latin letters only takes the English path."""
    extraction = extractor.extract(sentence, script="en" if sentence.isascii() else "")
    return {(c.subject, c.predicate, c.object): c.rule for c in extraction.candidates}


# rule → [(sentence, triple, the rule that proposes it, or None: nothing does)]; the first case of
# a rule is its positive sentence, the case right after it the smallest change that stops it.
LATER_RULES = {
    # round 11 (2026-12-06): a name that a found name begins is a unit of it only when the rest names a unit
    # (研究院, 学院, 部, «Institute», «Lab») or both are curated entities: a proposed name that only adds a trade word
    # (歌爾微|電子, 元化智能|科技, «DJI| Technology») is the firm's own full or short name (annotation.md §subsidiaryOf)
    # a policy's title targets the widest industry it names: one inside another of the title (新能源 and 汽车 in 新能源汽车,
    # 服务业 in 现代服务业, 人工智能 in 通用人工智能) is part of that compound
    "policy-title-names-widest-industry": [
        ("据悉车载量子传感推广办法惠及李明远。", ("vqs-measures", "targets", "vehicle-quantum-sensing"),
         "policy-title-names-industry"),
        ("据悉车载量子传感推广办法惠及李明远。", ("vqs-measures", "targets", "quantum-sensing"), None),
        ("据悉扶持无人机办法惠及李明远。", ("drone-measures", "targets", "drones"), "policy-title-names-industry"),
    ],
    # a country written right before an industry hosts it (中国锂电池产业, annotation.md §4 «a country's industry»:
    # hostsIndustry), unless the phrase ranks a firm or a pole over the country (我国医疗器械的龙头, …高地三极之一, 排行榜)
    "country-before-industry": [
        ("中国量子传感产业发展很快。", ("china", "hostsIndustry", "quantum-sensing"), "country-before-industry"),
        ("作为中国量子传感产业的龙头,蓝海科技发展很快。", ("china", "hostsIndustry", "quantum-sensing"), None),
        ("日本的量子传感产业发展很快。", ("japan", "hostsIndustry", "quantum-sensing"), "country-before-industry"),
        ("在中国量子传感企业排行榜上,蓝海科技位居第一。", ("china", "hostsIndustry", "quantum-sensing"), None),
        ("深圳是中国量子传感产业创新高地三极之一。", ("china", "hostsIndustry", "quantum-sensing"), None),
    ],
    # the firms lexicon no longer calls 鸿海 富士康: the curated entities make 鸿海集团 its own firm, 富士康's parent
    "lexicon-foxconn-not-hon-hai": [
        ("富士康董事长李明远说。", ("li", "leads", "foxconn"), "role-lead"),
        ("鸿海董事长李明远说。", ("li", "leads", "foxconn"), None),
    ],
    # a government's other verbs of issuing a document: 下发, 公布 (the nearest: 下属, no verb of issuing)
    "issued-by-handed-down": [
        ("市科技局近日下发创新十条。", ("policy-ten", "issuedBy", "kejiju"), "issued-by"),
        ("市科技局下属单位学习创新十条。", ("policy-ten", "issuedBy", "kejiju"), None),
        ("市科技局公布了创新十条。", ("policy-ten", "issuedBy", "kejiju"), "issued-by"),
        ("市科技局下发的创新十条。", ("policy-ten", "issuedBy", "kejiju"), "issued-by"),
    ],
    "name-starts-with-organisation-unit": [
        ("据悉富士康研究院邀请了李明远。", ("fox-institute", "subsidiaryOf", "foxconn"), "name-starts-with-organisation"),
        ("据悉富士康精密电子邀请了李明远。", ("fox-precision", "subsidiaryOf", "foxconn"), None),
        ("The drone maker Lanhai Tech Lab said so.", ("lanhai-tech-lab", "subsidiaryOf", "lanhai"),
         "name-starts-with-organisation"),
        ("The drone maker Lanhai Tech Robotics said so.", ("lanhai-tech-robotics", "subsidiaryOf", "lanhai"), None),
        # both curated: the curators made them two (星河大学科技 stays a unit of 星河大学, STRUCTURAL_RULES)
        ("据悉星河大学科技邀请了李明远。", ("xinghe-tech", "subsidiaryOf", "xinghe-univ"), "name-starts-with-organisation"),
    ],
    # round 9 (2026-12-06): a challenge set of invented sentences, each predicate in its common phrasings; the
    # phrasings the rules missed got a rule, with its must-find (red before) and the smallest change it must not find
    "subsidiary-of-parent": [
        ("青木电子是蓝海科技的子公司。", ("qingmu", "subsidiaryOf", "lanhai"), "subsidiary-of-parent"),
        ("青木电子和蓝海科技的子公司签约。", ("qingmu", "subsidiaryOf", "lanhai"), None),  # no 是: two parties
        ("青木電子是藍海科技的全資子公司。", ("qingmu", "subsidiaryOf", "lanhai"), "subsidiary-of-parent"),
    ],
    "subsidiary-under-parent": [
        ("蓝海科技旗下的青木电子发布新品。", ("qingmu", "subsidiaryOf", "lanhai"), "subsidiary-under-parent"),
        # the list after the unit goes on with other firms (华为旗下的哈勃投资、广汽资本和比亚迪对…投资)
        ("蓝海科技旗下的青木电子和星河汽车加大投资。", ("xinghe", "subsidiaryOf", "lanhai"), None),
        ("蓝海科技旗下的青木电子和星河汽车加大投资。", ("qingmu", "subsidiaryOf", "lanhai"), "subsidiary-under-parent"),
        ("蓝海科技全资子公司青木电子发布新品。", ("qingmu", "subsidiaryOf", "lanhai"), "subsidiary-under-parent"),
    ],
    "subsidiary-belongs": [
        ("青木电子隶属于蓝海科技。", ("qingmu", "subsidiaryOf", "lanhai"), "subsidiary-belongs"),
        ("青木电子不隶属于蓝海科技。", ("qingmu", "subsidiaryOf", "lanhai"), None),
    ],
    # the passive with 由: the issuer, publisher or maker between 由 and the verb
    "issued-by-agent": [
        ("创新十条由市科技局发布。", ("policy-ten", "issuedBy", "kejiju"), "issued-by-agent"),
        ("创新十条与市科技局发布的百强名单一致。", ("policy-ten", "issuedBy", "kejiju"), None),
    ],
    "published-by-agent": [
        ("百强名单由市科技局发布。", ("list", "publishedBy", "kejiju"), "published-by-agent"),
        ("百强名单与市科技局发布的数据一致。", ("list", "publishedBy", "kejiju"), None),
    ],
    "produces-by-agent": [
        ("蓝海一号由蓝海科技研发。", ("lanhai", "produces", "lanhai-one"), "produces-by-agent"),
        ("蓝海一号由蓝海科技销售。", ("lanhai", "produces", "lanhai-one"), None),  # sold, not made
    ],
    "competes-with-and": [
        ("蓝海科技与青木电子展开竞争。", ("lanhai", "competesWith", "qingmu"), "competes-with-and"),
        ("蓝海科技与青木电子的竞争力都很强。", ("lanhai", "competesWith", "qingmu"), None),
        ("蓝海科技和青木电子是竞争对手。", ("lanhai", "competesWith", "qingmu"), "competes-with-and"),
        ("蓝海科技和青木电子联手与星河汽车竞争。", ("lanhai", "competesWith", "qingmu"), None),  # the cue is 星河汽车's
    ],
    "competitor-is": [
        ("蓝海科技的主要竞争对手是青木电子。", ("lanhai", "competesWith", "qingmu"), "competitor-is"),
        ("蓝海科技的主要竞争对手不是青木电子。", ("lanhai", "competesWith", "qingmu"), None),
    ],
    "supplies-customer-buys-from": [
        ("星河汽车向蓝海科技采购电池。", ("lanhai", "supplies", "xinghe"), "supplies-customer-buys-from"),
        ("星河汽车和蓝海科技采购电池。", ("lanhai", "supplies", "xinghe"), None),  # both buy
    ],
    "supplies-by-agent": [
        ("星河汽车的电池由蓝海科技供应。", ("lanhai", "supplies", "xinghe"), "supplies-by-agent"),
        ("星河汽车的电池由蓝海科技回收。", ("lanhai", "supplies", "xinghe"), None),
    ],
    "works-for-verb": [
        ("李明远任职于蓝海科技。", ("li", "worksFor", "lanhai"), "works-for-verb"),
        ("李明远从未任职于蓝海科技。", ("li", "worksFor", "lanhai"), None),
    ],
    "works-for-at": [
        ("李明远在蓝海科技工作了十年。", ("li", "worksFor", "lanhai"), "works-for-at"),
        ("李明远和蓝海科技工作人员交流。", ("li", "worksFor", "lanhai"), None),  # no 在
    ],
    # a public body or a place that helps a firm or an industry (annotation.md §5 supports)
    "supports-body": [
        ("市科技局支持蓝海科技建设研发中心。", ("kejiju", "supports", "lanhai"), "supports-body"),
        ("市科技局不支持蓝海科技建设研发中心。", ("kejiju", "supports", "lanhai"), None),
        ("市科技局大力扶持无人机产业。", ("kejiju", "supports", "drones"), "supports-body"),
        ("蓝海科技支持星河汽车建设研发中心。", ("lanhai", "supports", "xinghe"), None),  # a firm's help is no support
        # the firm builds an unnamed centre: 蓝海科技建研发中心 is no organisation hiding the firm
        ("市科技局支持蓝海科技建研发中心。", ("kejiju", "supports", "lanhai"), "supports-body"),
    ],
    "invested-by-agent": [
        ("青木电子完成由蓝海科技领投的B轮融资。", ("lanhai", "investsIn", "qingmu"), "invested-by-agent"),
        ("青木电子完成由蓝海科技主办的路演。", ("lanhai", "investsIn", "qingmu"), None),
    ],
    "produces-under-firm": [
        ("蓝海科技旗下的蓝海一号销量大增。", ("lanhai", "produces", "lanhai-one"), "produces-under-firm"),
        ("蓝海科技赶超的蓝海一号销量大增。", ("lanhai", "produces", "lanhai-one"), None),
    ],
    "supplies-wins-order": [
        ("蓝海科技拿下星河汽车的电池订单。", ("lanhai", "supplies", "xinghe"), "supplies-wins-order"),
        ("蓝海科技拿下星河汽车的市场份额。", ("lanhai", "supplies", "xinghe"), None),  # a share, not an order
    ],
    "en-partners-partnership-agreement": [  # was a second "en-partners-agreement" key, which hid these cases
        ("Lanhai Tech signed a partnership agreement with Xinghe Motors.", ("lanhai", "partnersWith", "xinghe"),
         "en-partners"),
        ("Lanhai Tech signed a supply agreement for Xinghe Motors.", ("lanhai", "partnersWith", "xinghe"), None),
    ],
    # a memorandum of understanding (round 11: new tune 057)
    "en-partners-memorandum": [
        ("Lanhai Tech signed a memorandum of understanding with Xinghe Motors.", ("lanhai", "partnersWith", "xinghe"),
         "en-partners"),
        ("Lanhai Tech signed a memorandum of understanding on Xinghe Motors.", ("lanhai", "partnersWith", "xinghe"), None),
    ],
    "en-invests-round": [
        ("Lanhai Tech led a funding round in Qingmu Electronics.", ("lanhai", "investsIn", "qingmu"), "en-invests"),
        ("Lanhai Tech led a funding round with Qingmu Electronics.", ("lanhai", "investsIn", "qingmu"), None),
    ],
    "invests-to": [
        ("蓝海科技向青木电子注资。", ("lanhai", "investsIn", "qingmu"), "invests-to"),
        ("蓝海科技向青木电子学习。", ("lanhai", "investsIn", "qingmu"), None),
        ("蓝海科技对青木电子进行连续多轮投资。", ("lanhai", "investsIn", "qingmu"), "invests-to"),
        ("蓝海科技对青木电子进行连续多轮考察。", ("lanhai", "investsIn", "qingmu"), None),
    ],
    "supports-to-object-cases": [
        ("市科技局对蓝海科技的支持很大。", ("kejiju", "supports", "lanhai"), "supports-to-object"),
        ("市科技局对无人机产业的需求很大。", ("kejiju", "supports", "drones"), None),  # no word of support
        ("市科技局对蓝海科技进行了调查。", ("kejiju", "supports", "lanhai"), None),
    ],
    "supports-provide-for-cases": [
        ("市科技局为无人机产业提供政策支持。", ("kejiju", "supports", "drones"), "supports-provide-for"),
        ("市科技局为蓝海科技提供场地。", ("kejiju", "supports", "lanhai"), None),  # a service, no support written
        ("蓝海科技为青木电子提供技术支持。", ("lanhai", "supports", "qingmu"), None),  # a firm's help is no support
    ],
    "invests-taken-in-cases": [
        ("青木电子发生工商变更,新增蓝海科技等多名股东。", ("lanhai", "investsIn", "qingmu"), "invests-taken-in"),
        ("青木电子引入蓝海科技的技术。", ("lanhai", "investsIn", "qingmu"), None),  # no word for investors
        ("青木电子新增蓝海科技等多家客户。", ("lanhai", "investsIn", "qingmu"), None),
    ],
    "invests-investors-include-cases": [
        ("青木电子引入多家投资者,其中包括蓝海科技、星河汽车。", ("xinghe", "investsIn", "qingmu"), "invests-investors-include"),
        ("青木电子的客户包括蓝海科技、星河汽车。", ("xinghe", "investsIn", "qingmu"), None),  # customers, not investors
    ],
    "invests-shareholder-is-cases": [
        ("青木电子的股东包括蓝海科技、星河汽车。", ("xinghe", "investsIn", "qingmu"), "invests-shareholder-is"),
        ("青木电子的客户为蓝海科技。", ("lanhai", "investsIn", "qingmu"), None),
    ],
    "en-firm-is-places-x-cases": [
        ("Lanhai Tech is one of Shenzhen's first listed robot makers, not Beijing.", ("lanhai", "locatedIn", "shenzhen"),
         "en-firm-is-places-x"),
        ("Lanhai Tech is Shenzhen's largest rival in drones, not Beijing.", ("lanhai", "locatedIn", "shenzhen"), None),
    ],
    "en-backed-by-cases": [
        ("Qingmu Electronics, whose investors include Lanhai Tech and Xinghe Motors, grew.",
         ("xinghe", "investsIn", "qingmu"), "en-backed-by"),
        ("Qingmu Electronics, whose customers include Lanhai Tech, grew.", ("lanhai", "investsIn", "qingmu"), None),
    ],
    "produces-is-made-by": [
        ("蓝海一号是蓝海科技推出的产品。", ("lanhai", "produces", "lanhai-one"), "produces-is-made-by"),
        ("蓝海一号和蓝海科技推出的产品竞争。", ("lanhai", "produces", "lanhai-one"), None),  # no 是: another product
    ],
    "firm-is-industry-company": [
        ("蓝海科技是一家无人机企业。", ("lanhai", "operatesIn", "drones"), "firm-is-industry-company"),
        ("蓝海科技是一家无人机企业的供应商。", ("lanhai", "operatesIn", "drones"), "firm-with-industry"),  # the weak rule only
        ("蓝海科技是全球领先的无人机制造商。", ("lanhai", "operatesIn", "drones"), "firm-is-industry-company"),
    ],
    # 是 alone before the place and its firm noun; the firm noun must not modify another (甲是深圳企业的供应商)
    "firm-is-place-company-plain": [
        ("蓝海科技是土生土长的深圳企业。" + OTHER_CITY, ("lanhai", "locatedIn", "shenzhen"), "firm-is-place-company"),
        ("蓝海科技是深圳企业的供应商。" + OTHER_CITY, ("lanhai", "locatedIn", "shenzhen"), None),
    ],
    "awarded-title-conferred": [
        ("深圳被授予创新之城称号。", ("title", "awardedTo", "shenzhen"), "awarded-title"),
        ("深圳被授予{pad}创新之城称号。".replace("{pad}", pad(13)), ("title", "awardedTo", "shenzhen"), None),
    ],
    "listed-on-more": [
        ("蓝海科技荣登百强名单。", ("lanhai", "recognizedBy", "list"), "listed-on"),
        ("蓝海科技荣登{pad}百强名单。".replace("{pad}", pad(13)), ("lanhai", "recognizedBy", "list"), None),
        ("蓝海科技入围百强名单。", ("lanhai", "recognizedBy", "list"), "listed-on"),
    ],
    # two common words before a product head are no product name (蓝海科技的员工喜欢无人机)
    "product-stem-not-common-words": [
        ("蓝海科技的蓝海一号销量大增。", ("lanhai", "produces", "lanhai-one"), "firm-before-product"),
        ("蓝海科技的员工喜欢无人机。", ("lanhai", "produces", "yuan-gong-xi-huan-9bebdc"), None),
    ],
    # the challenge set itself (round 9, invented sentences): every phrasing the rules find now, by predicate, the
    # second case of each a near sentence that states no such fact.  Still missed (not fixed): 甲与乙签订供货协议
    # (which side supplies is not written), 李明远加入蓝海科技 (joining: a post or membership)
    "challenge-locatedIn": [
        ('蓝海科技扎根深圳二十年。' + OTHER_CITY, ('lanhai', 'locatedIn', 'shenzhen'), 'located-trigger'),
        ('蓝海科技的客户遍布深圳。' + OTHER_CITY, ('lanhai', 'locatedIn', 'shenzhen'), None),
        ('蓝海科技的总部设在深圳南山区。' + OTHER_CITY, ('lanhai', 'locatedIn', 'nanshan-district'), 'located-headquarters'),
        ('蓝海科技落户深圳。' + OTHER_CITY, ('lanhai', 'locatedIn', 'shenzhen'), 'located-trigger'),
        ('总部位于深圳的蓝海科技发布财报。' + OTHER_CITY, ('lanhai', 'locatedIn', 'shenzhen'), 'place-before-firm'),
        ('深圳企业蓝海科技发布财报。' + OTHER_CITY, ('lanhai', 'locatedIn', 'shenzhen'), 'place-before-firm'),
        ('位于深圳的蓝海科技发布财报。' + OTHER_CITY, ('lanhai', 'locatedIn', 'shenzhen'), 'place-before-firm'),
        ('蓝海科技將總部遷至深圳。' + OTHER_CITY, ('lanhai', 'locatedIn', 'shenzhen'), 'located-headquarters'),
        ('Lanhai Tech, headquartered in Shenzhen, grew' + EN_OTHER_CITY, ('lanhai', 'locatedIn', 'shenzhen'), 'en-located'),
        ('藍海科技總部位於深圳。' + OTHER_CITY, ('lanhai', 'locatedIn', 'shenzhen'), 'located-headquarters'),
        ('蓝海科技在深圳设立总部。' + OTHER_CITY, ('lanhai', 'locatedIn', 'shenzhen'), 'firm-sets-up-in-place'),
        ('蓝海科技把总部搬到了深圳。' + OTHER_CITY, ('lanhai', 'locatedIn', 'shenzhen'), 'located-headquarters'),
        ('蓝海科技的总部在深圳。' + OTHER_CITY, ('lanhai', 'locatedIn', 'shenzhen'), 'located-headquarters'),
        ('来自深圳的蓝海科技发布新品。' + OTHER_CITY, ('lanhai', 'locatedIn', 'shenzhen'), 'place-before-firm'),
        ('蓝海科技是土生土长的深圳企业。' + OTHER_CITY, ('lanhai', 'locatedIn', 'shenzhen'), 'firm-is-place-company'),
        ('Shenzhen-headquartered Lanhai Tech grew' + EN_OTHER_CITY, ('lanhai', 'locatedIn', 'shenzhen'), 'en-place-based'),
    ],
    "challenge-operatesIn": [
        ('蓝海科技深耕无人机领域。', ('lanhai', 'operatesIn', 'drones'), 'operates-in-focus'),
        ('蓝海科技的客户青木电子看好无人机。', ('lanhai', 'operatesIn', 'drones'), None),
        ('蓝海科技是一家无人机企业。', ('lanhai', 'operatesIn', 'drones'), 'firm-is-industry-company'),
        ('无人机企业蓝海科技发布财报。', ('lanhai', 'operatesIn', 'drones'), 'industry-before-firm'),
        ('蓝海科技主要从事机器人研发。', ('lanhai', 'operatesIn', 'robotics'), 'operates-in-focus'),
        ('蓝海科技是无人机行业的龙头企业。', ('lanhai', 'operatesIn', 'drones'), 'operates-in-market'),
        ('蓝海科技于2020年进军机器人行业。', ('lanhai', 'operatesIn', 'robotics'), 'operates-in-focus'),
        ('蓝海科技专注于无人机研发。', ('lanhai', 'operatesIn', 'drones'), 'operates-in-focus'),
        ('蓝海科技布局机器人赛道。', ('lanhai', 'operatesIn', 'robotics'), 'operates-in-focus'),
        ('蓝海科技主营无人机业务。', ('lanhai', 'operatesIn', 'drones'), 'operates-in-focus'),
        ('作为无人机龙头,蓝海科技表现亮眼。', ('lanhai', 'operatesIn', 'drones'), 'industry-then-firm'),
    ],
    "challenge-hostsIndustry": [
        ('深圳已形成完整的无人机产业链。', ('shenzhen', 'hostsIndustry', 'drones'), 'industry-with-place'),
        ('深圳从北京采购了大批无人机。', ('shenzhen', 'hostsIndustry', 'drones'), None),
        ('深圳的机器人产业集群规模全国第一。', ('shenzhen', 'hostsIndustry', 'robotics'), 'place-before-industry'),
        ('深圳大力发展无人机产业。', ('shenzhen', 'hostsIndustry', 'drones'), 'industry-with-place'),
        ('深圳聚集了大批机器人企业。', ('shenzhen', 'hostsIndustry', 'robotics'), 'industry-with-place'),
        ('深圳是全国无人机产业的重镇。', ('shenzhen', 'hostsIndustry', 'drones'), 'industry-with-place'),
        ('无人机产业已成为深圳的支柱产业。', ('shenzhen', 'hostsIndustry', 'drones'), 'industry-with-place'),
        ('深圳打造无人机产业集群。', ('shenzhen', 'hostsIndustry', 'drones'), 'industry-with-place'),
        ('深圳拥有全国最完整的机器人产业链。', ('shenzhen', 'hostsIndustry', 'robotics'), 'industry-with-place'),  # 产业链 cues it (w21h)
    ],
    "challenge-supplies": [
        ('蓝海科技为星河汽车提供电池。', ('lanhai', 'supplies', 'xinghe'), 'supplies-to-customer'),
        ('蓝海科技向星河汽车学习管理经验。', ('lanhai', 'supplies', 'xinghe'), None),
        ('星河汽车的电池由蓝海科技供应。', ('lanhai', 'supplies', 'xinghe'), 'supplies-by-agent'),
        ('蓝海科技拿下星河汽车的电池订单。', ('lanhai', 'supplies', 'xinghe'), 'supplies-wins-order'),
        ('星河汽车向蓝海科技采购电池。', ('lanhai', 'supplies', 'xinghe'), 'supplies-customer-buys-from'),
        ('Lanhai Tech supplies batteries to Xinghe Motors.', ('lanhai', 'supplies', 'xinghe'), 'en-supplies'),
        ('藍海科技向星河汽車供應電池。', ('lanhai', 'supplies', 'xinghe'), 'supplies-to-customer'),
    ],
    "challenge-partnersWith": [
        ('蓝海科技与星河汽车签署战略合作协议。', ('lanhai', 'partnersWith', 'xinghe'), 'partners-with-and'),
        ('蓝海科技与星河汽车先后在深圳设立研究院。', ('lanhai', 'partnersWith', 'xinghe'), None),
        ('蓝海科技联合星河汽车发布新车。', ('lanhai', 'partnersWith', 'xinghe'), 'partners-with-lead'),
        ('蓝海科技和星河汽车达成战略合作。', ('lanhai', 'partnersWith', 'xinghe'), 'partners-with-and'),
        ('蓝海科技与星河大学共建联合实验室。', ('lanhai', 'partnersWith', 'xinghe-univ'), 'partners-with'),
        ('蓝海科技牵手星河汽车。', ('lanhai', 'partnersWith', 'xinghe'), 'partners-with-lead'),
        ('Lanhai Tech teamed up with Xinghe Motors.', ('lanhai', 'partnersWith', 'xinghe'), 'en-partners'),
        ('Lanhai Tech signed a partnership agreement with Xinghe Motors.', ('lanhai', 'partnersWith', 'xinghe'), 'en-partners'),
        ('藍海科技與星河汽車簽署戰略合作協議。', ('lanhai', 'partnersWith', 'xinghe'), 'partners-with-and'),
        ('蓝海科技与星河大学联合成立实验室。', ('lanhai', 'partnersWith', 'xinghe-univ'), 'partners-with'),
        ('蓝海科技同星河汽车开展深度合作。', ('lanhai', 'partnersWith', 'xinghe'), 'partners-with'),
    ],
    "challenge-investsIn": [
        ('蓝海科技战略投资青木电子。', ('lanhai', 'investsIn', 'qingmu'), 'invests-in'),
        ('蓝海科技学习青木电子。', ('lanhai', 'investsIn', 'qingmu'), None),
        ('蓝海科技领投青木电子A轮融资。', ('lanhai', 'investsIn', 'qingmu'), 'invests-in'),
        ('青木电子完成由蓝海科技领投的B轮融资。', ('lanhai', 'investsIn', 'qingmu'), 'invested-by-agent'),
        ('蓝海科技入股青木电子。', ('lanhai', 'investsIn', 'qingmu'), 'invests-in'),
        ('Lanhai Tech led a funding round in Qingmu Electronics.', ('lanhai', 'investsIn', 'qingmu'), 'en-invests'),
        ('蓝海科技参股青木电子。', ('lanhai', 'investsIn', 'qingmu'), 'invests-in'),
        ('蓝海科技向青木电子注资。', ('lanhai', 'investsIn', 'qingmu'), 'invests-to'),
    ],
    "challenge-subsidiaryOf": [
        ('青木电子是蓝海科技的子公司。', ('qingmu', 'subsidiaryOf', 'lanhai'), 'subsidiary-of-parent'),
        ('青木电子是蓝海科技的客户。', ('qingmu', 'subsidiaryOf', 'lanhai'), None),
        ('蓝海科技旗下的青木电子发布新品。', ('qingmu', 'subsidiaryOf', 'lanhai'), 'subsidiary-under-parent'),
        ('青木电子隶属于蓝海科技。', ('qingmu', 'subsidiaryOf', 'lanhai'), 'subsidiary-belongs'),
        ('蓝海科技全资子公司青木电子发布新品。', ('qingmu', 'subsidiaryOf', 'lanhai'), 'subsidiary-under-parent'),
        ('Qingmu Electronics, a unit of Lanhai Tech, grew.', ('qingmu', 'subsidiaryOf', 'lanhai'), 'en-subsidiary'),
        ('青木電子隸屬於藍海科技。', ('qingmu', 'subsidiaryOf', 'lanhai'), 'subsidiary-belongs'),
    ],
    "challenge-foundedBy": [
        ('李明远于2006年创办蓝海科技。', ('lanhai', 'foundedBy', 'li'), 'founded-by-verb'),
        ('李明远参观了蓝海科技。', ('lanhai', 'foundedBy', 'li'), None),
        ('蓝海科技由李明远创立。', ('lanhai', 'foundedBy', 'li'), 'founded-by-list'),
        ('蓝海科技创始人李明远表示。', ('lanhai', 'foundedBy', 'li'), 'founded-by-role'),
        ('李明远是蓝海科技的创始人。', ('lanhai', 'foundedBy', 'li'), 'person-holds-post'),
        ('李明远一手创建了蓝海科技。', ('lanhai', 'foundedBy', 'li'), 'founded-by-verb'),
        ('Lanhai Tech, founded by Li Mingyuan in 2006, grew.', ('lanhai', 'foundedBy', 'li'), 'en-founded-by'),
        ('李明遠創辦了藍海科技。', ('lanhai', 'foundedBy', 'li'), 'founded-by-verb'),
        ('李明远与王小波共同创办了蓝海科技。', ('lanhai', 'foundedBy', 'wang'), 'founded-by-verb'),
        ('蓝海科技联合创始人王小波表示。', ('lanhai', 'foundedBy', 'wang'), 'founded-by-role'),
    ],
    "challenge-leads": [
        ('蓝海科技董事长李明远表示。', ('li', 'leads', 'lanhai'), 'role-lead'),
        ('李明远是蓝海科技的客户。', ('li', 'leads', 'lanhai'), None),
        ('李明远是蓝海科技的董事长。', ('li', 'leads', 'lanhai'), 'person-holds-post'),
        ('蓝海科技CEO李明远表示。', ('li', 'leads', 'lanhai'), 'role-lead'),
        ('李明远担任蓝海科技总裁。', ('li', 'leads', 'lanhai'), 'person-holds-post'),
        ('Lanhai Tech CEO Li Mingyuan said.', ('li', 'leads', 'lanhai'), 'en-firm-leader'),
        ('李明遠擔任藍海科技董事長。', ('li', 'leads', 'lanhai'), 'person-holds-post'),
        ('蓝海科技总经理李明远介绍。', ('li', 'leads', 'lanhai'), 'role-lead'),
        ('李明远出任蓝海科技首席执行官。', ('li', 'leads', 'lanhai'), 'person-holds-post'),
        ('李明远执掌蓝海科技多年。', ('li', 'leads', 'lanhai'), 'leads-role'),
    ],
    "challenge-worksFor": [
        ('蓝海科技工程师李明远表示。', ('li', 'worksFor', 'lanhai'), 'role-work'),
        ('李明远参观了蓝海科技。', ('li', 'worksFor', 'lanhai'), None),
        ('李明远在蓝海科技工作了十年。', ('li', 'worksFor', 'lanhai'), 'works-for-at'),
        ('蓝海科技副总裁李明远表示。', ('li', 'worksFor', 'lanhai'), 'role-work'),
        ('李明远任职于蓝海科技。', ('li', 'worksFor', 'lanhai'), 'works-for-verb'),
    ],
    "challenge-produces": [
        ('蓝海科技推出了蓝海一号。', ('lanhai', 'produces', 'lanhai-one'), 'produces-verb'),
        ('蓝海一号与蓝海科技无关。', ('lanhai', 'produces', 'lanhai-one'), None),
        ('蓝海科技旗下的蓝海一号销量大增。', ('lanhai', 'produces', 'lanhai-one'), 'produces-under-firm'),
        ('蓝海科技的蓝海一号销量大增。', ('lanhai', 'produces', 'lanhai-one'), 'firm-before-product'),
        ('蓝海一号由蓝海科技研发。', ('lanhai', 'produces', 'lanhai-one'), 'produces-by-agent'),
        ('蓝海科技自主研发的蓝海一号销量大增。', ('lanhai', 'produces', 'lanhai-one'), 'produces-verb'),
        ('蓝海科技发布新一代蓝海一号。', ('lanhai', 'produces', 'lanhai-one'), 'produces-verb'),
        ('蓝海一号是蓝海科技推出的产品。', ('lanhai', 'produces', 'lanhai-one'), 'produces-is-made-by'),
    ],
    "challenge-competesWith": [
        ('蓝海科技与青木电子展开激烈竞争。', ('lanhai', 'competesWith', 'qingmu'), 'competes-with-and'),
        ('蓝海科技与青木电子的竞争力都很强。', ('lanhai', 'competesWith', 'qingmu'), None),
        ('蓝海科技的主要竞争对手是青木电子。', ('lanhai', 'competesWith', 'qingmu'), 'competitor-is'),
        ('蓝海科技和青木电子是竞争对手。', ('lanhai', 'competesWith', 'qingmu'), 'competes-with-and'),
        ('Lanhai Tech competes with Qingmu Electronics.', ('lanhai', 'competesWith', 'qingmu'), 'en-competes'),
        ('藍海科技是青木電子的競爭對手。', ('lanhai', 'competesWith', 'qingmu'), 'competes-with'),
    ],
    "challenge-issuedBy": [
        ('市科技局印发创新十条。', ('policy-ten', 'issuedBy', 'kejiju'), 'issued-by'),
        ('市科技局解读创新十条。', ('policy-ten', 'issuedBy', 'kejiju'), None),
        ('创新十条由市科技局发布。', ('policy-ten', 'issuedBy', 'kejiju'), 'issued-by-agent'),
        ('市科技局近日出台了创新十条。', ('policy-ten', 'issuedBy', 'kejiju'), 'issued-by'),
        ('深圳出台创新十条。', ('policy-ten', 'issuedBy', 'shenzhen'), 'issued-by'),
        ('市科技局頒布的創新十條。', ('policy-ten', 'issuedBy', 'kejiju'), 'issued-by-passive'),
    ],
    "challenge-supports": [
        ('市科技局支持蓝海科技建设研发中心。', ('kejiju', 'supports', 'lanhai'), 'supports-body'),
        ('市科技局调研蓝海科技。', ('kejiju', 'supports', 'lanhai'), None),
        ('市科技局大力扶持无人机产业。', ('kejiju', 'supports', 'drones'), 'supports-body'),
    ],
    "challenge-targets": [
        ('创新十条重点支持无人机产业。', ('policy-ten', 'targets', 'drones'), 'targets-focus'),
        ('创新十条重点支持蓝海科技。', ('policy-ten', 'targets', 'drones'), None),
        ('创新十条针对无人机产业提出十条措施。', ('policy-ten', 'targets', 'drones'), 'targets-focus'),
        ('创新十条面向无人机产业。', ('policy-ten', 'targets', 'drones'), 'targets-focus'),
        ('创新十条涉及无人机产业。', ('policy-ten', 'targets', 'drones'), 'targets-focus'),
    ],
    "challenge-enabled": [
        ('在创新十条的推动下,蓝海科技快速成长。', ('policy-ten', 'enabled', 'lanhai'), 'enabled-push'),
        ('在创新十条出台前,蓝海科技已经成立。', ('policy-ten', 'enabled', 'lanhai'), None),
        ('得益于创新十条,无人机产业快速发展。', ('policy-ten', 'enabled', 'drones'), 'enabled-benefit'),
    ],
    "challenge-awardedTo": [
        ('深圳被评为创新之城。', ('title', 'awardedTo', 'shenzhen'), 'awarded-title'),
        ('深圳学习创新之城的经验。', ('title', 'awardedTo', 'shenzhen'), None),
        ('深圳荣获创新之城称号。', ('title', 'awardedTo', 'shenzhen'), 'awarded-title'),
        ('深圳获得创新之城称号。', ('title', 'awardedTo', 'shenzhen'), 'awarded-title'),
        ('深圳被誉为无人机之都。', ('drone-capital', 'awardedTo', 'shenzhen'), 'awarded-title'),
        ('深圳獲評創新之城。', ('title', 'awardedTo', 'shenzhen'), 'awarded-title'),
        ('深圳被授予创新之城称号。', ('title', 'awardedTo', 'shenzhen'), 'awarded-title'),
        ('深圳摘得创新之城称号。', ('title', 'awardedTo', 'shenzhen'), 'awarded-title'),
    ],
    "challenge-recognizedBy": [
        ('蓝海科技入选百强名单。', ('lanhai', 'recognizedBy', 'list'), 'listed-on'),
        ('蓝海科技研究百强名单。', ('lanhai', 'recognizedBy', 'list'), None),
        ('蓝海科技登上百强名单。', ('lanhai', 'recognizedBy', 'list'), 'listed-on'),
        ('蓝海科技位列百强名单第三。', ('lanhai', 'recognizedBy', 'list'), 'listed-on'),
        ('蓝海科技上榜百强名单。', ('lanhai', 'recognizedBy', 'list'), 'listed-on'),
        ('蓝海科技跻身百强名单。', ('lanhai', 'recognizedBy', 'list'), 'listed-on'),
        ('蓝海科技被列入百强名单。', ('lanhai', 'recognizedBy', 'list'), 'listed-on'),
        ('蓝海科技荣登百强名单。', ('lanhai', 'recognizedBy', 'list'), 'listed-on'),
    ],
    "challenge-publishedBy": [
        ('市科技局发布的百强名单显示。', ('list', 'publishedBy', 'kejiju'), 'published-by'),
        ('市科技局解读百强名单。', ('list', 'publishedBy', 'kejiju'), None),
        ('百强名单由市科技局发布。', ('list', 'publishedBy', 'kejiju'), 'published-by-agent'),
        ('市科技局公布百强名单。', ('list', 'publishedBy', 'kejiju'), 'published-by'),
        ('市科技局近日公布了百强名单。', ('list', 'publishedBy', 'kejiju'), 'published-by'),
    ],
    "challenge-subIndustryOf": [
        ('车载量子传感是量子传感的重要分支。', ('vehicle-quantum-sensing', 'subIndustryOf', 'quantum-sensing'), 'industry-name-ends-with-industry'),
        ('车载量子传感是量子传感的重要分支。', ('quantum-sensing', 'subIndustryOf', 'vehicle-quantum-sensing'), None),
        ('车载量子传感属于量子传感。', ('vehicle-quantum-sensing', 'subIndustryOf', 'quantum-sensing'), 'industry-name-ends-with-industry'),
    ],
    "challenge-memberOf": [
        ('蓝海科技是机器人产业联盟成员。', ('lanhai', 'memberOf', 'alliance'), 'member-of'),
        ('蓝海科技退出机器人产业联盟。', ('lanhai', 'memberOf', 'alliance'), None),
        ('蓝海科技成为机器人产业联盟会员。', ('lanhai', 'memberOf', 'alliance'), 'member-of'),
    ],

    # an English industry's plural name, written singular before its sector or its makers («Shenzhen's drone
    # industry», «a drone maker»), is the industry, not a new one named «drone»
    "en-industry-singular": [
        ("Shenzhen's drone industry has taken off.", ("shenzhen", "hostsIndustry", "drones"), "en-place-possessive-industry"),
        ("Shenzhen's drone flights have taken off.", ("shenzhen", "hostsIndustry", "drones"), None),
        ("Lanhai Tech, a drone maker, grew.", ("lanhai", "operatesIn", "drones"), "en-firm-a-maker"),
    ],
    # 乙由甲控股: 控股 after 由 / 被 and before the clause's end is the verb, not a firm's suffix (甲控股 is no name there)
    "subsidiary-controlled-by": [
        ("青木电子由蓝海科技控股。", ("qingmu", "subsidiaryOf", "lanhai"), "subsidiary-controlled-by"),
        ("青木电子和蓝海科技控股。", ("qingmu", "subsidiaryOf", "lanhai"), None),
        ("青木电子由蓝海科技全资控股。", ("qingmu", "subsidiaryOf", "lanhai"), "subsidiary-controlled-by"),
    ],
    # PERSON 是/担任 ORG(的) ROLE: the role chain said the other way round
    "person-holds-post": [
        ("李明远是蓝海科技的董事长。", ("li", "leads", "lanhai"), "person-holds-post"),
        ("李明远是蓝海科技的董事长助理。", ("li", "leads", "lanhai"), None),
        ("李明远是蓝海科技董事长的朋友。", ("li", "leads", "lanhai"), None),
        ("李明远担任蓝海科技总裁。", ("li", "leads", "lanhai"), "person-holds-post"),
        ("李明远是蓝海科技的创始人。", ("lanhai", "foundedBy", "li"), "person-holds-post"),
        ("李明远现任蓝海科技副总裁。", ("li", "worksFor", "lanhai"), "person-holds-post"),
        ("李明远拜访蓝海科技总裁。", ("li", "leads", "lanhai"), None),
    ],
    # a verb of a firm's field is no product name's stem (深耕无人机 was a Product that hid the industry)
    "field-verb-is-no-product-stem": [
        ("蓝海科技深耕无人机领域。", ("lanhai", "operatesIn", "drones"), "operates-in-focus"),
        ("蓝海科技深耕无人机领域。", ("lanhai", "produces", "shen-geng-wu-ren-ji"), None),
        ("蓝海科技主要从事机器人研发。", ("lanhai", "operatesIn", "robotics"), "operates-in-focus"),
        ("蓝海科技是一家无人机企业。", ("lanhai", "produces", "shi-yi-jia-wu-ren-ji"), None),
    ],
    # the chair of a board leads the firm; its vice-chair works for it (2026-12-06)
    "role-lead-board": [
        ("蓝海科技董事会主席李明远出席。", ("li", "leads", "lanhai"), "role-lead"),
        ("蓝海科技董事会副主席李明远出席。", ("li", "leads", "lanhai"), None),
        ("蓝海科技董事会副主席李明远出席。", ("li", "worksFor", "lanhai"), "role-work"),
    ],
    "firm-is-place-company": [
        ("蓝海科技是一家专注于电池的深圳企业。" + OTHER_CITY, ("lanhai", "locatedIn", "shenzhen"), "firm-is-place-company"),
        ("蓝海科技是一家专注于深圳市场的企业。" + OTHER_CITY, ("lanhai", "locatedIn", "shenzhen"), None),  # its market
        ("蓝海科技是一家深圳本土企业。" + OTHER_CITY, ("lanhai", "locatedIn", "shenzhen"), "firm-is-place-company"),
    ],
    "en-based-apposition": [
        ("Lanhai Tech, the Shenzhen-based carmaker, grew" + EN_OTHER_CITY, ("lanhai", "locatedIn", "shenzhen"),
         "en-based-apposition"),
        ("Lanhai Tech and the Shenzhen-based carmaker grew" + EN_OTHER_CITY, ("lanhai", "locatedIn", "shenzhen"), None),
    ],
    # an owner's place is the broader one: the firm is in the district (2026-12-06)
    "en-located-possessive-chain": [
        ("Lanhai Tech is headquartered in Shenzhen's Nanshan district.", ("lanhai", "locatedIn", "nanshan-district"),
         "en-located"),
        ("Lanhai Tech is headquartered in Shenzhen, near Nanshan district.", ("lanhai", "locatedIn", "nanshan-district"),
         None),
    ],
    "en-supplier-of": [
        ("Lanhai Tech is a key supplier of Xinghe Motors.", ("lanhai", "supplies", "xinghe"), "en-supplies"),
        ("Lanhai Tech is a key rival of Xinghe Motors.", ("lanhai", "supplies", "xinghe"), None),
    ],
    # a cooperation agreement with words before «agreement», and a body «affiliated with» its parent (2026-12-06)
    "en-partners-agreement": [
        ("Lanhai Tech signed an investment cooperation agreement with Xinghe Motors.", ("lanhai", "partnersWith", "xinghe"),
         "en-partners"),
        ("Lanhai Tech signed an investment agreement; Xinghe Motors grew.", ("lanhai", "partnersWith", "xinghe"), None),
    ],
    "en-subsidiary-affiliated": [
        ("Lanhai Tech, a think tank affiliated with the Science Bureau, grew.", ("lanhai", "subsidiaryOf", "kejiju"),
         "en-subsidiary"),
        ("Lanhai Tech, a think tank that advises the Science Bureau, grew.", ("lanhai", "subsidiaryOf", "kejiju"), None),
    ],
    # the firms a place brought forth, and a list of firms a place's firm noun closes (2026-12-06)
    "place-brought-forth": [
        ("深圳涌现了以蓝海科技、青木电子为代表的企业。" + OTHER_CITY, ("lanhai", "locatedIn", "shenzhen"), "place-brought-forth"),
        ("深圳学习了蓝海科技、青木电子的经验。" + OTHER_CITY, ("lanhai", "locatedIn", "shenzhen"), None),
        ("深圳孕育出蓝海科技、青木电子等一批企业。" + OTHER_CITY, ("qingmu", "locatedIn", "shenzhen"), "place-brought-forth"),
        # a place it brought forth, the place named by 这里 in the next clause (2026-12-06)
        ("蓝海科技大多来自南山区,这里渐渐孕育出了一个科苑片区。", ("keyuan", "locatedIn", "nanshan-district"),
         "place-brought-forth"),
        ("蓝海科技大多来自南山区,这里渐渐学习了一个科苑片区。", ("keyuan", "locatedIn", "nanshan-district"), None),
    ],
    "firms-of-place-listed": [
        ("蓝海科技、青木电子等深圳企业加大投入。" + OTHER_CITY, ("lanhai", "locatedIn", "shenzhen"), "firms-of-place-listed"),
        ("蓝海科技、青木电子等深圳市场的参与者加大投入。" + OTHER_CITY, ("lanhai", "locatedIn", "shenzhen"), None),
        ("蓝海科技、青木电子等深圳本土企业加大投入。" + OTHER_CITY, ("qingmu", "locatedIn", "shenzhen"), "firms-of-place-listed"),
    ],
    # the count of firms between 等 and the place, the firm noun after words of their trade (2026-12-07)
    "firms-counted-of-place": [
        ("蓝海科技、青木电子等29家深圳量子传感企业加大投入。" + OTHER_CITY, ("qingmu", "locatedIn", "shenzhen"),
         "firms-counted-of-place"),
        ("蓝海科技、青木电子等29家与深圳合作的机构加大投入。" + OTHER_CITY, ("qingmu", "locatedIn", "shenzhen"), None),
        ("蓝海科技、青木电子等一批深圳本土企业加大投入。" + OTHER_CITY, ("lanhai", "locatedIn", "shenzhen"),
         "firms-counted-of-place"),
        ("蓝海科技、青木电子等29家企业与深圳企业加大投入。" + OTHER_CITY, ("lanhai", "locatedIn", "shenzhen"), None),
        # another firm between the place and the firm noun: the place is that firm's, not the list's
        ("蓝海科技、青木电子等29家深圳星河汽车供应企业加大投入。" + OTHER_CITY, ("lanhai", "locatedIn", "shenzhen"), None),
    ],
    # who supplies whom, said with the customer between the two (2026-12-06, invented sentences)
    "supplies-to-customer": [
        ("蓝海科技向星河汽车供应电池。", ("lanhai", "supplies", "xinghe"), "supplies-to-customer"),
        ("蓝海科技向星河汽车学习管理经验。", ("lanhai", "supplies", "xinghe"), None),  # no verb of supplying after it
        ("蓝海科技为星河汽车批量供货。", ("lanhai", "supplies", "xinghe"), "supplies-to-customer"),
        ("市科技局为蓝海科技提供补贴。", ("kejiju", "supplies", "lanhai"), None),  # a bureau's subsidy is no supply
        ("蓝海科技向星河汽车,青木电子供应电池。", ("lanhai", "supplies", "xinghe"), None),  # not the verb's object
    ],
    "supplier-of-customer-product": [
        ("蓝海科技是星河汽车的电池供应商。", ("lanhai", "supplies", "xinghe"), "supplier-of-customer-product"),
        ("蓝海科技和星河汽车的电池供应商签约。", ("lanhai", "supplies", "xinghe"), None),  # 和: two parties, no 是
        ("青木电子是蓝海科技和星河汽车的电池供应商。", ("qingmu", "supplies", "xinghe"), "supplier-of-customer-product"),
        ("青木电子是蓝海科技和星河汽车的电池供应商。", ("lanhai", "supplies", "xinghe"), None),
    ],
    "supplies-into-supply-chain": [
        ("蓝海科技的电池已进入星河汽车供应链。", ("lanhai", "supplies", "xinghe"), "supplies-into-supply-chain"),
        ("蓝海科技和星河汽车的供应链都很完整。", ("lanhai", "supplies", "xinghe"), None),  # nothing enters it
    ],
    # who invests in whom
    "invests-in-described": [
        ("蓝海科技投资了深圳的电池企业青木电子。", ("lanhai", "investsIn", "qingmu"), "invests-in-described"),
        ("蓝海科技投资了深圳,青木电子随后跟进。", ("lanhai", "investsIn", "qingmu"), None),  # another clause (invests-in too)
    ],
    "invests-stake": [
        ("蓝海科技持股5%的青木电子发布新品。", ("lanhai", "investsIn", "qingmu"), "invests-stake"),
        ("蓝海科技持有的专利授权给青木电子。", ("lanhai", "investsIn", "qingmu"), None),  # holds patents, not shares
    ],
    "invested-by": [
        ("青木电子获得蓝海科技投资。", ("lanhai", "investsIn", "qingmu"), "invested-by"),
        ("青木电子获得蓝海科技的认可。", ("lanhai", "investsIn", "qingmu"), None),  # approval, not money
        ("青木电子获蓝海科技领投的A轮融资。", ("lanhai", "investsIn", "qingmu"), "invested-by"),
    ],
    "place-is-firms-base": [
        ("深圳是蓝海科技的大本营。" + OTHER_CITY, ("lanhai", "locatedIn", "shenzhen"), "place-is-firms-base"),
        ("深圳是蓝海科技的重要市场。" + OTHER_CITY, ("lanhai", "locatedIn", "shenzhen"), None),  # a market, not a seat
        ("深圳是蓝海科技总部所在地。" + OTHER_CITY, ("lanhai", "locatedIn", "shenzhen"), None),  # needs 的 (like 是…的大本营)
    ],
    # X、Y分别位于A、B: the lists pair up in order, and only so
    "located-respectively": [
        ("蓝海科技、青木电子分别位于深圳、广州。", ("lanhai", "locatedIn", "shenzhen"), "located-respectively"),
        ("蓝海科技、青木电子分别在帮助深圳、广州发展。", ("lanhai", "locatedIn", "shenzhen"), None),  # 在 is no place
        ("蓝海科技、青木电子分别位于深圳、广州。", ("qingmu", "locatedIn", "guangzhou"), "located-respectively"),
        ("蓝海科技、青木电子分别位于深圳、广州。", ("lanhai", "locatedIn", "guangzhou"), None),  # not crosswise
        ("两家企业分别位于深圳、广州。", ("guangzhou", "locatedIn", "shenzhen"), None),  # no name before 分别
        # the places follow the verb at once: 分别在为深圳、广州供货 says where they supply, not where they are
        ("蓝海科技、青木电子分别在深圳、广州设立了研究院。", ("lanhai", "locatedIn", "shenzhen"), "located-respectively"),
        ("蓝海科技、青木电子分别在为深圳、广州供货。", ("lanhai", "locatedIn", "shenzhen"), None),
        ("蓝海科技、青木电子分别落户在深圳、广州。", ("qingmu", "locatedIn", "guangzhou"), "located-respectively"),
        # 分别在 pairs as locatedIn only with a verb of setting up; holding an event there is firm-at-place's
        ("蓝海科技、青木电子分别在深圳、广州举办发布会。", ("lanhai", "locatedIn", "shenzhen"), "firm-at-place"),
        ("蓝海科技、青木电子分别在深圳、广州举办发布会。", ("qingmu", "locatedIn", "guangzhou"), "firm-at-place"),
        ("蓝海科技、青木电子分别在深圳、广州举办发布会。", ("lanhai", "locatedIn", "guangzhou"), None),
        # a count of the places (两地) before the verb of setting up
        ("蓝海科技、青木电子分别在深圳、广州两地设立了研究院。", ("qingmu", "locatedIn", "guangzhou"),
         "located-respectively"),
        ("蓝海科技、青木电子分别在深圳、广州两地举办发布会。", ("qingmu", "locatedIn", "guangzhou"), "firm-at-place"),
        # the places first: 分别位于A、B的X和Y pairs in order too, and not by the place written next to X
        ("分别位于深圳、广州的蓝海科技和青木电子发展很快。", ("lanhai", "locatedIn", "shenzhen"), "located-respectively"),
        ("分别位于深圳、广州的蓝海科技和青木电子发展很快。", ("qingmu", "locatedIn", "guangzhou"), "located-respectively"),
        ("分别位于深圳、广州的蓝海科技和青木电子发展很快。", ("lanhai", "locatedIn", "guangzhou"), None),
        # three firms for two places pair up with none
        ("分别位于深圳、广州的蓝海科技、青木电子和星河汽车发展很快。", ("lanhai", "locatedIn", "shenzhen"), None),
        ("分别位于深圳、广州的蓝海科技、青木电子和星河汽车发展很快。", ("lanhai", "locatedIn", "guangzhou"), None),
    ],
    # 甲与乙 is a partnership only with a word of one (合作, 签署…协议…): 与 alone joins a list of subjects
    "partners-with-and": [
        ("蓝海科技与青木电子签署了战略合作协议。", ("lanhai", "partnersWith", "qingmu"), "partners-with-and"),
        ("蓝海科技与青木电子先后在深圳设立了研究院。", ("lanhai", "partnersWith", "qingmu"), None),
        ("蓝海科技与青木电子先后在深圳设立了研究院。", ("qingmu", "partnersWith", "lanhai"), None),
        ("蓝海科技与青木电子在深圳签署协议。", ("qingmu", "partnersWith", "lanhai"), "partners-with-and"),
        ("蓝海科技与青木电子投资联合电子。", ("lanhai", "partnersWith", "qingmu"), None),  # 联合 of a name
        ("蓝海科技与青木电子投资星河汽车,联合研发。", ("lanhai", "partnersWith", "qingmu"), None),  # another clause
        # 和 and 跟 between two firms say it as 与 does, with the same cue; without one they join subjects
        ("蓝海科技和青木电子签署了战略合作协议。", ("lanhai", "partnersWith", "qingmu"), "partners-with-and"),
        ("蓝海科技和青木电子先后在深圳设立了研究院。", ("lanhai", "partnersWith", "qingmu"), None),
        ("蓝海科技和青木电子合作开发了一款芯片。", ("qingmu", "partnersWith", "lanhai"), "partners-with-and"),
        ("蓝海科技和青木电子都是深圳企业。", ("lanhai", "partnersWith", "qingmu"), None),
        ("蓝海科技跟青木电子合作开发了一款芯片。", ("lanhai", "partnersWith", "qingmu"), "partners-with-and"),
        ("蓝海科技跟青木电子先后在深圳设立了研究院。", ("lanhai", "partnersWith", "qingmu"), None),
        # a list of three that cooperates (signs one agreement): each pair is a partner (annotation.md, co-signatories)
        ("蓝海科技、青木电子和星河汽车签署了合作协议。", ("lanhai", "partnersWith", "xinghe"), "partners-with-and"),
        ("蓝海科技、青木电子和星河汽车签署了合作协议。", ("lanhai", "partnersWith", "qingmu"), "partners-with-and"),
        ("蓝海科技、青木电子和星河汽车先后在深圳设立了研究院。", ("lanhai", "partnersWith", "xinghe"), None),
        # the cue belongs to a third firm named before it: 甲和乙分别与丙合作 / 都是丙的合作伙伴 pair neither with the other
        ("蓝海科技和青木电子分别与星河汽车合作。", ("lanhai", "partnersWith", "xinghe"), "partners-with"),
        ("蓝海科技和青木电子分别与星河汽车合作。", ("lanhai", "partnersWith", "qingmu"), None),
        ("蓝海科技和青木电子都是星河汽车的合作伙伴。", ("lanhai", "partnersWith", "qingmu"), None),
        ("蓝海科技与青木电子都是星河汽车的合作伙伴。", ("lanhai", "partnersWith", "qingmu"), None),
        # 甲和乙与丙合作: 与 after a list joined by 和 is «with», not «and»: both partner with 丙, not with each other
        ("蓝海科技和青木电子与星河汽车合作。", ("lanhai", "partnersWith", "xinghe"), "partners-with"),
        ("蓝海科技和青木电子与星河汽车合作。", ("qingmu", "partnersWith", "xinghe"), "partners-with"),
        ("蓝海科技和青木电子与星河汽车合作。", ("lanhai", "partnersWith", "qingmu"), None),
        ("蓝海科技和青木电子与星河汽车合作。", ("qingmu", "partnersWith", "lanhai"), None),
        ("蓝海科技及青木电子与星河汽车签署合作协议。", ("lanhai", "partnersWith", "qingmu"), None),
        # a list written with 、 and 与 (甲、乙与丙签署合作协议) stays one list of co-signatories
        ("蓝海科技、青木电子与星河汽车签署了合作协议。", ("lanhai", "partnersWith", "qingmu"), "partners-with-and"),
    ],
    # 甲、乙合作 (顿号 only): the two named right before a word of cooperation cooperate with each other
    "partners-listed": [
        ("蓝海科技、青木电子合作开发了一款芯片。", ("lanhai", "partnersWith", "qingmu"), "partners-listed"),
        ("蓝海科技、青木电子联合发布了一份报告。", ("lanhai", "partnersWith", "qingmu"), None),  # acting together
        ("蓝海科技、青木电子合作开发了一款芯片。", ("qingmu", "partnersWith", "lanhai"), "partners-listed"),
        ("蓝海科技、青木电子双方正式签约。", ("lanhai", "partnersWith", "qingmu"), "partners-listed"),
        ("蓝海科技、青木电子合作伙伴很多。", ("lanhai", "partnersWith", "qingmu"), None),  # partners of others
        ("蓝海科技、青木电子的合作很多。", ("lanhai", "partnersWith", "qingmu"), None),
        ("蓝海科技、青木电子、星河汽车携手打造平台。", ("lanhai", "partnersWith", "xinghe"), "partners-listed"),
        ("蓝海科技、青木电子、星河汽车在深圳设立了研究院。", ("lanhai", "partnersWith", "xinghe"), None),
    ],
    # a place before a firm: 深圳的X and Y places X; two lists without 分别 (深圳、广州的X和Y) say not who is where
    "place-before-firm": [
        ("深圳的蓝海科技和青木电子发展很快。", ("lanhai", "locatedIn", "shenzhen"), "place-before-firm"),
        ("深圳、广州的蓝海科技和青木电子发展很快。", ("lanhai", "locatedIn", "guangzhou"), None),
        ("深圳、广州的蓝海科技和青木电子发展很快。", ("lanhai", "locatedIn", "shenzhen"), None),
        ("深圳、广州的蓝海科技和青木电子发展很快。", ("qingmu", "locatedIn", "guangzhou"), None),
        ("深圳、广州的蓝海科技发展很快。", ("lanhai", "locatedIn", "guangzhou"), "place-before-firm"),
        # one place before one tight list qualifies each of its names (annotation.md §4); a place of its own ends the list
        ("深圳的蓝海科技和青木电子发展很快。", ("qingmu", "locatedIn", "shenzhen"), "place-before-firm-list"),
        ("深圳的蓝海科技、青木电子和星河汽车发展很快。", ("xinghe", "locatedIn", "shenzhen"), "place-before-firm-list"),
        ("深圳的蓝海科技与广州的青木电子合作。", ("qingmu", "locatedIn", "shenzhen"), None),
        ("深圳的蓝海科技与广州的青木电子合作。", ("qingmu", "locatedIn", "guangzhou"), "place-before-firm"),
        # a chain of places before the firm places it in the outer one too, not the inner one in the outer reversed
        ("广东深圳的蓝海科技发展很快。", ("lanhai", "locatedIn", "guangdong"), "place-chain-before-firm"),
        ("深圳广东的蓝海科技发展很快。", ("lanhai", "locatedIn", "shenzhen"), None),
        ("广东、深圳的蓝海科技发展很快。", ("lanhai", "locatedIn", "guangdong"), None),
    ],
    # 其中 narrows the place named before it (in the previous sentence when 其中 opens the sentence)
    "among-them-place": [
        ("广东聚集了很多企业。其中,深圳有蓝海科技。", ("shenzhen", "locatedIn", "guangdong"), "among-them-place"),
        ("广东聚集了很多企业。在其中,深圳有蓝海科技。", ("shenzhen", "locatedIn", "guangdong"), None),
        # the lexicon does not put 深圳 in 大湾区: the only place named before 其中 is taken
        ("大湾区聚集了很多企业,其中深圳有蓝海科技。",
         ("shenzhen", "locatedIn", "guangdong-hong-kong-macao-greater-bay-area"), "among-them-place"),
        ("大湾区和长三角聚集了很多企业,其中深圳有蓝海科技。",
         ("shenzhen", "locatedIn", "guangdong-hong-kong-macao-greater-bay-area"), None),
        # the only place before 其中 is taken only when the lexicon does not put the later one elsewhere
        ("深圳的企业很多,其中南山区有蓝海科技。", ("nanshan-district", "locatedIn", "shenzhen"), "among-them-place"),
        ("深圳的企业很多,其中北京有蓝海科技。", ("beijing", "locatedIn", "shenzhen"), None),
    ],
    # X (已/先后…)在 A + a verb of setting up, or any verb; a site (a park) 在 A stands in A
    "firm-sets-up-in-place": [
        ("蓝海科技在深圳设立了研究院,不是北京。", ("lanhai", "locatedIn", "shenzhen"), "firm-sets-up-in-place"),
        ("蓝海科技将在深圳设立研究院,不是北京。", ("lanhai", "locatedIn", "shenzhen"), None),  # future
        # the firm need not be the first name of the sentence
        ("蓝海科技投资的青木电子在深圳设立了研究院,不是北京。", ("qingmu", "locatedIn", "shenzhen"),
         "firm-sets-up-in-place"),
        ("蓝海科技在深圳、广州设立了研究院。", ("lanhai", "locatedIn", "guangzhou"), "firm-sets-up-in-place"),
        ("李明远在深圳设立了研究院,不是北京。", ("li", "locatedIn", "shenzhen"), None),  # a person
        # a list of firms before 在: each firm of it does it there, not only the one next to 在
        ("蓝海科技与青木电子先后在深圳设立了研究院,不是北京。", ("lanhai", "locatedIn", "shenzhen"),
         "firm-sets-up-in-place"),
        ("蓝海科技称青木电子先后在深圳设立了研究院,不是北京。", ("lanhai", "locatedIn", "shenzhen"), None),
        ("蓝海科技与青木电子先后在深圳设立了研究院,不是北京。", ("qingmu", "locatedIn", "shenzhen"),
         "firm-sets-up-in-place"),
        # the verb follows the whole run of places: a list that goes on after a chain (…,以及美国硅谷、广州等8地)
        ("蓝海科技在深圳、北京,以及美国硅谷、广州等8地设立了研发中心。", ("lanhai", "locatedIn", "shenzhen"),
         "firm-sets-up-in-place"),
        ("蓝海科技在深圳、北京,以及美国硅谷、广州等8地设立了研发中心。", ("lanhai", "locatedIn", "guangzhou"),
         "firm-sets-up-in-place"),
        ("蓝海科技在深圳、北京,以及美国硅谷、广州等8地举办了发布会。", ("lanhai", "locatedIn", "guangzhou"),
         "firm-at-place"),
        # a count of the places without 等 (两地, 三地, 多地, 两个城市) stands between them and the verb too
        ("蓝海科技分别在深圳和广州两地设立了研发中心。", ("lanhai", "locatedIn", "guangzhou"), "firm-sets-up-in-place"),
        ("蓝海科技分别在深圳和广州两地举办了发布会。", ("lanhai", "locatedIn", "guangzhou"), "firm-at-place"),
        ("蓝海科技在深圳、北京和广州三地设立了研发中心。", ("lanhai", "locatedIn", "shenzhen"), "firm-sets-up-in-place"),
        ("蓝海科技在深圳、北京和广州等多地设立了研发中心。", ("lanhai", "locatedIn", "beijing"), "firm-sets-up-in-place"),
        ("蓝海科技在深圳、北京和广州多地设立了研发中心。", ("lanhai", "locatedIn", "beijing"), "firm-sets-up-in-place"),
        ("蓝海科技在深圳和广州两个城市设立了研发中心。", ("lanhai", "locatedIn", "shenzhen"), "firm-sets-up-in-place"),
        ("蓝海科技在深圳和广州等八地设立了研发中心。", ("lanhai", "locatedIn", "shenzhen"), "firm-sets-up-in-place"),
        ("蓝海科技在深圳和广州两地大力设立了研发中心。", ("lanhai", "locatedIn", "shenzhen"), "firm-at-place"),
    ],
    "firm-at-place": [
        ("蓝海科技在深圳举办了发布会,不是北京。", ("lanhai", "locatedIn", "shenzhen"), "firm-at-place"),
        ("蓝海科技将在深圳举办发布会,不是北京。", ("lanhai", "locatedIn", "shenzhen"), None),
    ],
    "site-at-place": [
        ("科苑片区在深圳南山区正式启用。", ("keyuan", "locatedIn", "nanshan-district"), "site-at-place"),
        ("科苑片区将在深圳南山区启用。", ("keyuan", "locatedIn", "nanshan-district"), None),
    ],
    # English appositions between two Latin-written names
    "en-place-comma": [
        ("Futian District, Guangdong grew.", ("futian-district", "locatedIn", "guangdong"), "en-place-comma"),
        ("Futian District and Guangdong grew.", ("futian-district", "locatedIn", "guangdong"), None),
        ("Shenzhen, Guangdong grew.", ("shenzhen", "locatedIn", "guangdong"), "en-place-comma"),  # the lexicon agrees
        ("Guangdong, Shenzhen grew.", ("guangdong", "locatedIn", "shenzhen"), None),  # the broader place first
    ],
    "en-place-possessive": [
        ("Shenzhen's Lanhai Tech grew, not Beijing.", ("lanhai", "locatedIn", "shenzhen"), "en-place-possessive"),
        ("Shenzhen and Lanhai Tech grew, not Beijing.", ("lanhai", "locatedIn", "shenzhen"), None),
    ],
    # a second firm keeps firm-with-industry (one firm and an industry named together) out
    "en-firm-industry": [
        ("Lanhai Tech's consumer drones sell well, unlike Qingmu Electronics.",
         ("lanhai", "operatesIn", "consumer-drones"), "en-firm-industry"),
        ("Lanhai Tech sells consumer drones, unlike Qingmu Electronics.", ("lanhai", "operatesIn", "consumer-drones"),
         None),
        ("Lanhai Tech consumer drones sell well, unlike Qingmu Electronics.",
         ("lanhai", "operatesIn", "consumer-drones"), "en-firm-industry"),
    ],
    "en-firm-in-place": [
        ("The Robot Alliance in Shenzhen grew, not Beijing.", ("alliance", "locatedIn", "shenzhen"), "en-firm-in-place"),
        ("Robot Alliance members in Shenzhen grew, not Beijing.", ("alliance", "locatedIn", "shenzhen"), None),
    ],
    "en-industry-maker": [
        ("Consumer drones maker Lanhai Tech grew, unlike Qingmu Electronics.",
         ("lanhai", "operatesIn", "consumer-drones"), "en-industry-maker"),
        ("Consumer drones buyers like Lanhai Tech grew, unlike Qingmu Electronics.",
         ("lanhai", "operatesIn", "consumer-drones"), None),
    ],
    "en-firm-a-maker": [
        ("Lanhai Tech, the consumer drones maker, grew, unlike Qingmu Electronics.",
         ("lanhai", "operatesIn", "consumer-drones"), "en-firm-a-maker"),
        ("Lanhai Tech, the consumer drones buyer, grew, unlike Qingmu Electronics.",
         ("lanhai", "operatesIn", "consumer-drones"), None),
        ("Lanhai Tech, a consumer drones maker, grew, unlike Qingmu Electronics.",
         ("lanhai", "operatesIn", "consumer-drones"), "en-firm-a-maker"),
    ],
    # a run of places joined by commas and closed by «and» is a list, not a chain of containment (2026-12-06)
    "en-place-comma-not-in-list": [
        ("Lanhai Tech draws on Futian District, Guangdong.", ("futian-district", "locatedIn", "guangdong"),
         "en-place-comma"),
        ("Lanhai Tech draws on Futian District, Guangdong, Paris, and Rome.",
         ("futian-district", "locatedIn", "guangdong"), None),
        ("Lanhai Tech draws on Futian District, Guangdong, Beijing and Rome.",
         ("guangdong", "locatedIn", "beijing"), None),
    ],
    # English possessives between two names (annotation.md §5 subsidiaryOf «X's Y unit», produces «X's Y», a firm's
    # site), and a body's place written after it with «of» (§5 locatedIn, a body's name chain in English)
    "en-possessive-unit": [
        ("Xinghe Motors's Lanhai Tech unit grew.", ("lanhai", "subsidiaryOf", "xinghe"), "en-possessive-unit"),
        ("Xinghe Motors and Lanhai Tech grew.", ("lanhai", "subsidiaryOf", "xinghe"), None),
    ],
    "en-possessive-product": [
        ("Lanhai Tech's Lanhai One sells well.", ("lanhai", "produces", "lanhai-one"), "en-possessive-product"),
        ("Lanhai Tech and Lanhai One sell well.", ("lanhai", "produces", "lanhai-one"), None),
    ],
    "en-possessive-site": [
        ("Lanhai Tech's Qiantang Park opened, not Beijing.", ("lanhai", "locatedIn", "qiantang-park"),
         "en-possessive-site"),
        ("Lanhai Tech and Qiantang Park opened, not Beijing.", ("lanhai", "locatedIn", "qiantang-park"), None),
    ],
    "en-body-of-place": [
        ("The Science Bureau of Guangdong grew.", ("kejiju", "locatedIn", "guangdong"), "en-body-of-place"),
        ("The Science Bureau for Guangdong grew.", ("kejiju", "locatedIn", "guangdong"), None),
    ],
    # English passives with their agent, and a person's title in apposition before its body (2026-12-06)
    "en-founded-passive": [
        ("Lanhai Tech was originally founded in 1987 by ex-military officer Li Mingyuan.", ("lanhai", "foundedBy", "li"),
         "en-founded-passive"),
        ("Lanhai Tech was originally funded in 1987 by ex-military officer Li Mingyuan.", ("lanhai", "foundedBy", "li"),
         None),
    ],
    "en-made-by": [
        ("Quantum sensing produced by Lanhai Tech grew, unlike Qingmu Electronics.",
         ("lanhai", "operatesIn", "quantum-sensing"), "en-made-by"),
        ("Quantum sensing bought by Lanhai Tech grew, unlike Qingmu Electronics.",
         ("lanhai", "operatesIn", "quantum-sensing"), None),
        ("Lanhai One, developed by Lanhai Tech, sells well.", ("lanhai", "produces", "lanhai-one"), "en-made-by"),
    ],
    "en-title-of": [
        ("Li Mingyuan, general manager and chief architect of Lanhai Tech, spoke.", ("li", "leads", "lanhai"),
         "en-title-of"),
        ("Li Mingyuan, a customer and a friend of Lanhai Tech, spoke.", ("li", "leads", "lanhai"), None),
        ("Li Mingyuan, executive deputy secretary general of the Robot Alliance, spoke.", ("li", "worksFor", "alliance"),
         "en-title-of"),
        ("Li Mingyuan, executive deputy secretary general of the Robot Alliance, spoke.", ("li", "leads", "alliance"),
         None),
    ],
    # a country or a state opening the sentence frames its clauses (annotation.md §5 locatedIn, 2026-12-06); a city
    # does not (the lexicon puts it two levels below a country), nor a place that is no frame («Near Guangdong,»)
    "en-opening-frame": [
        ("In Guangdong, Lanhai Tech built a plant.", ("lanhai", "locatedIn", "guangdong"), "en-opening-frame"),
        ("Near Guangdong, Lanhai Tech built a plant.", ("lanhai", "locatedIn", "guangdong"), None),
        # a city opening the sentence frames nothing (a plant built there is en-opening-site's, test_extract_anaphora.py)
        ("In Shenzhen, Lanhai Tech grew fast.", ("lanhai", "locatedIn", "shenzhen"), None),
        ("In Guangdong, Lanhai Tech built a plant.The Robot Alliance grew.", ("alliance", "locatedIn", "guangdong"),
         None),
    ],
    # a count of a place's firms of an industry: the place hosts it, a country too (annotation.md §1.6, 2026-12-06)
    "en-firm-count-in-place": [
        ("The number of consumer drones enterprises in China reached over 19,000.",
         ("china", "hostsIndustry", "consumer-drones"), "en-firm-count-in-place"),
        ("The output of consumer drones enterprises in China reached over 19,000.",
         ("china", "hostsIndustry", "consumer-drones"), None),
        ("With nearly 400 consumer drones manufacturers, China now leads the market.",
         ("china", "hostsIndustry", "consumer-drones"), "en-firm-count-in-place"),
        ("With consumer drones manufacturers, China now leads the market.",
         ("china", "hostsIndustry", "consumer-drones"), None),
        ("It is one of the estimated 1,200 companies involved in making consumer drones or parts in China today.",
         ("china", "hostsIndustry", "consumer-drones"), "en-firm-count-in-place"),
    ],
    # an English list distributes the verb to every member («A, B and C», «A, B, and C»; not places, whose comma is
    # a chain) (2026-12-06)
    "en-list-distributes": [
        ("Shenzhen is home to Lanhai Tech, Qingmu Electronics and Xinghe Motors, not Beijing.",
         ("qingmu", "locatedIn", "shenzhen"), "en-home-to"),
        ("Shenzhen is home to Lanhai Tech; Qingmu Electronics and Xinghe Motors grew, not Beijing.",
         ("qingmu", "locatedIn", "shenzhen"), None),
        ("Lanhai Tech, Qingmu Electronics, and Xinghe Motors are based in Shenzhen, not Beijing.",
         ("lanhai", "locatedIn", "shenzhen"), "en-located"),
    ],
    # a seat said with «whose headquarters are in», and a trade joined to its maker by a hyphen (2026-12-06)
    "en-located-headquarters-are-in": [
        ("Lanhai Tech, whose headquarters are in Shenzhen, grew" + EN_OTHER_CITY, ("lanhai", "locatedIn", "shenzhen"),
         "en-located"),
        ("Lanhai Tech, whose headquarters are near Shenzhen, grew" + EN_OTHER_CITY, ("lanhai", "locatedIn", "shenzhen"),
         None),
    ],
    "en-industry-hyphen-maker": [
        ("Consumer drones-maker Lanhai Tech grew, unlike Qingmu Electronics.", ("lanhai", "operatesIn", "consumer-drones"),
         "en-industry-maker"),
        ("Consumer drones-buyer Lanhai Tech grew, unlike Qingmu Electronics.", ("lanhai", "operatesIn", "consumer-drones"),
         None),
    ],
    # English written containment, narrowest first: «located in Shenzhen, China» (annotation.md §5 locatedIn, 2026-12-06)
    "en-located-written-chain": [
        ("Lanhai Tech is located in Shenzhen, China.", ("lanhai", "locatedIn", "china"), "located-in-written-chain"),
        ("Lanhai Tech is located in Shenzhen, and China grew.", ("lanhai", "locatedIn", "china"), None),
        ("Lanhai Tech is located in Shenzhen, China, Paris, and Rome.", ("lanhai", "locatedIn", "china"), None),
    ],
    # English clauses (2026-12-06): a firm's own site («its base in»), an apposition that places its name, a firm's
    # list of clients (supplies), an industry put in a category
    "en-its-site-in": [
        ("Lanhai Tech hired Li Mingyuan to expand its base in Shenzhen, not Beijing.",
         ("lanhai", "locatedIn", "shenzhen"), "en-its-site-in"),
        ("Lanhai Tech hired Li Mingyuan to expand a base in Shenzhen, not Beijing.", ("lanhai", "locatedIn", "shenzhen"),
         None),
    ],
    "en-apposition-in": [
        ("Lanhai Tech, the largest drone maker in the southern technology hub of Shenzhen, grew, not Beijing.",
         ("lanhai", "locatedIn", "shenzhen"), "en-apposition-in"),
        ("Lanhai Tech, the largest drone maker, grew in the southern technology hub of Shenzhen, not Beijing.",
         ("lanhai", "locatedIn", "shenzhen"), None),
        ("Futian District, the largest market area in the Chinese technology hub of Shenzhen, grew.",
         ("futian-district", "locatedIn", "shenzhen"), "en-apposition-in"),
    ],
    "en-clients-including": [
        ("Lanhai Tech, a firm with a long list of clients from the tech world, including Xinghe Motors Inc., Qingmu "
         "Electronics and others.", ("lanhai", "supplies", "qingmu"), "en-clients-including"),
        ("Lanhai Tech, a firm with a long list of rivals from the tech world, including Xinghe Motors Inc., Qingmu "
         "Electronics and others.", ("lanhai", "supplies", "qingmu"), None),
    ],
    "en-industry-viewed-as": [
        ("Consumer drones, viewed as a strategic quantum sensing, grew.", ("consumer-drones", "subIndustryOf",
                                                                          "quantum-sensing"), "en-industry-viewed-as"),
        ("Consumer drones, viewed beside a strategic quantum sensing, grew.", ("consumer-drones", "subIndustryOf",
                                                                              "quantum-sensing"), None),
    ],
    # a place and an industry with a word of hosting: calibrated apart when the industry is written first, unless
    # the place's own sector follows the place (2026-12-08)
    "industry-then-place": [
        ("无人机企业纷纷把总部迁往深圳,形成产业链。", ("shenzhen", "hostsIndustry", "drones"), "industry-then-place"),
        ("无人机产业已成为深圳的支柱产业。", ("shenzhen", "hostsIndustry", "drones"), "industry-with-place"),
        ("深圳发展无人机产业链。", ("shenzhen", "hostsIndustry", "drones"), "industry-with-place"),
    ],
    # a firm and an industry in one sentence: calibrated apart when the industry is written first (2026-12-08)
    "industry-then-firm": [
        ("无人机正在普及,蓝海科技表现亮眼。", ("lanhai", "operatesIn", "drones"), "industry-then-firm"),
        ("蓝海科技表现亮眼,无人机正在普及。", ("lanhai", "operatesIn", "drones"), "firm-with-industry"),
    ],
    # a place's firms, some of them listed after 包括 (2026-12-08): each is in the place; not a partner's firms
    "place-firms-including": [
        ("多达3家的深圳企业,包括蓝海科技、青木电子和星河汽车。" + OTHER_CITY, ("qingmu", "locatedIn", "shenzhen"),
         "place-firms-including"),
        ("与深圳合作的企业,包括蓝海科技、青木电子和星河汽车。" + OTHER_CITY, ("qingmu", "locatedIn", "shenzhen"), None),
        ("深圳量子传感企业共有20家,其中包括蓝海科技。" + OTHER_CITY, ("lanhai", "locatedIn", "shenzhen"),
         "place-firms-including"),
        # another firm between the place and the firm noun: the place is that firm's
        ("深圳星河汽车的供应企业包括蓝海科技、青木电子。" + OTHER_CITY, ("qingmu", "locatedIn", "shenzhen"), None),
        ("深圳企业的客户包括蓝海科技、青木电子。" + OTHER_CITY, ("qingmu", "locatedIn", "shenzhen"), None),
    ],
    # the trade's or the place's word for a firm, then the firm's name in quotes (2026-12-08)
    "descriptor-before-quoted-firm": [
        ("量子传感研发企业「蓝海科技」发展很快。", ("lanhai", "operatesIn", "quantum-sensing"), "industry-before-firm"),
        ("深圳带动了「蓝海科技」发展。" + OTHER_CITY, ("lanhai", "locatedIn", "shenzhen"), None),
        ("深圳科技公司「蓝海科技」发展很快。" + OTHER_CITY, ("lanhai", "locatedIn", "shenzhen"), "place-before-firm"),
    ],
    # «the Shenzhen-based company» standing for the firm named before it (2026-12-08)
    "en-based-anaphor": [
        ("Lanhai Tech grew fast. The Shenzhen-based company said it would hire" + EN_OTHER_CITY,
         ("lanhai", "locatedIn", "shenzhen"), "en-place-based"),
        ("Lanhai Tech grew fast. The Shenzhen-based investors said they would buy" + EN_OTHER_CITY,
         ("lanhai", "locatedIn", "shenzhen"), None),
        ("Lanhai Tech grew fast. The Shenzhen-based gadget maker said it would hire" + EN_OTHER_CITY,
         ("lanhai", "locatedIn", "shenzhen"), "en-place-based"),
        ("Lanhai Tech grew fast with the Shenzhen-based gadget maker" + EN_OTHER_CITY,
         ("lanhai", "locatedIn", "shenzhen"), None),
    ],
    # an apposition after a firm that makes it a place's firm (2026-12-07)
    "en-firm-places-apposition": [
        ("Lanhai Tech, Shenzhen's largest listed drone company, grew.", ("lanhai", "locatedIn", "shenzhen"),
         "en-firm-places-apposition"),
        ("Lanhai Tech, Shenzhen's largest buyer of drones, grew.", ("lanhai", "locatedIn", "shenzhen"), None),
        ("Lanhai Tech, Beijing and Shenzhen's firms grew.", ("lanhai", "locatedIn", "shenzhen"), None),
    ],
    # English descriptions: a place, or a country's adjective, before the name it describes
    "en-place-describes-firm": [
        ("Chinese technology giant Lanhai Tech grew.", ("lanhai", "locatedIn", "china"), "en-place-describes-firm"),
        ("Chinese technology buyers of Lanhai Tech grew.", ("lanhai", "locatedIn", "china"), None),
        # an industry may stand in the description
        ("Chinese consumer drones giant Lanhai Tech grew.", ("lanhai", "locatedIn", "china"), "en-place-describes-firm"),
        ("Lanhai Tech says Chinese technology giant Qingmu Electronics grew.", ("qingmu", "locatedIn", "china"),
         "en-place-describes-firm"),
    ],
    "en-place-city-of": [
        ("The southern Chinese metropolis of Shenzhen grew.", ("shenzhen", "locatedIn", "china"), "en-place-city-of"),
        ("The southern Chinese metropolis near Shenzhen grew.", ("shenzhen", "locatedIn", "china"), None),
    ],
    "en-place-possessive-industry": [
        ("Shenzhen's consumer drones industry grew.", ("shenzhen", "hostsIndustry", "consumer-drones"),
         "en-place-possessive-industry"),
        # a word for a firm after the industry: «Shenzhen's … company» names a firm, both are only named
        ("Shenzhen's consumer drones company grew.", ("shenzhen", "hostsIndustry", "consumer-drones"),
         "industry-with-place-uncued"),
        # «China's EV titan BYD»: a word for a firm after the industry, the place describes the firm (2026-12-06)
        ("Shenzhen's consumer drones titan Lanhai Tech grew.", ("shenzhen", "hostsIndustry", "consumer-drones"),
         "industry-with-place-uncued"),
    ],
    "en-place-in-place": [
        ("Shenzhen in southern China grew.", ("shenzhen", "locatedIn", "china"), "en-place-in-place"),
        ("Shenzhen near southern China grew.", ("shenzhen", "locatedIn", "china"), None),
        ("China in southern Shenzhen grew.", ("china", "locatedIn", "shenzhen"), None),  # the lexicon knows better
    ],
    # a chain of places written broadest first, and what a location rule puts in its narrowest place
    "place-in-written-chain": [
        ("广东深圳南山区很大,李明远说。", ("nanshan-district", "locatedIn", "guangdong"), "place-in-written-chain"),
        ("广东、深圳、南山区很大,李明远说。", ("nanshan-district", "locatedIn", "guangdong"), None),
    ],
    "located-in-written-chain": [
        ("蓝海科技总部位于深圳南山区。不是北京。", ("lanhai", "locatedIn", "shenzhen"), "located-in-written-chain"),
        ("蓝海科技总部位于南山区,深圳发展很快。", ("lanhai", "locatedIn", "shenzhen"), None),  # 深圳 after: no chain
    ],
    # a location verb puts its subject in the narrowest place of a chain written after it
    "located-trigger": [
        ("蓝海科技位于深圳南山区。不是北京。", ("lanhai", "locatedIn", "nanshan-district"), "located-trigger"),
        ("蓝海科技看好深圳南山区。不是北京。", ("lanhai", "locatedIn", "nanshan-district"), None),
        # 总部位于 is the headquarters rule's, whose confidence is measured apart (2026-12-06)
        ("蓝海科技总部位于深圳南山区。不是北京。", ("lanhai", "locatedIn", "nanshan-district"), "located-headquarters"),
    ],
    # 藏于 («lies hidden in») locates a firm like 位于, through the chain of places after it (2026-12-06);
    # 收藏于 is a collection kept there
    "located-trigger-hidden": [
        ("蓝海科技1998年的起点,藏于深圳南山区的科苑片区。不是北京。", ("lanhai", "locatedIn", "keyuan"), "located-trigger"),
        ("蓝海科技的藏品收藏于深圳南山区的科苑片区。不是北京。", ("lanhai", "locatedIn", "keyuan"), None),
        ("蓝海科技1998年的起点,藏于深圳南山区的科苑片区。不是北京。", ("lanhai", "locatedIn", "nanshan-district"),
         "located-in-written-chain"),
    ],
    # a place, a count of firms and their industry, then the firm noun: the place hosts it, a country too (2026-12-06)
    "place-count-industry": [
        ("中国400多家无人机企业中,近300家为初创企业。", ("china", "hostsIndustry", "drones"), "place-count-industry"),
        ("中国400多家无人机展品中,近300件为新品。", ("china", "hostsIndustry", "drones"), None),  # no firm noun
        ("深圳近2000家无人机公司发展很快。", ("shenzhen", "hostsIndustry", "drones"), "place-count-industry"),
        ("中国400多家为无人机企业。", ("china", "hostsIndustry", "drones"), None),  # no count right before it
    ],
    # the place of 位于 (落户, 坐落于 …) stands in the trigger's clause: 它位于深圳大学城及其周边,沿着留仙大道…分布
    # does not put it in the road of the next clause (2026-12-06)
    "located-trigger-same-clause": [
        ("蓝海科技位于星河大学旁的科苑片区。不是北京。", ("lanhai", "locatedIn", "keyuan"), "located-trigger"),
        ("蓝海科技位于星河大学旁,靠近科苑片区。不是北京。", ("lanhai", "locatedIn", "keyuan"), None),
        ("蓝海科技1998年的起点,藏于科苑片区。不是北京。", ("lanhai", "locatedIn", "keyuan"), "located-trigger"),
    ],
    # a list goes on over an item no name finder found (华为、腾讯、平安、招行、万科等), between names of one type (2026-12-06)
    "list-over-unfound-item": [
        ("深圳拥有蓝海科技、青木电子、平安、星河汽车等企业。" + OTHER_CITY, ("xinghe", "locatedIn", "shenzhen"),
         "located-place-has"),
        ("深圳拥有蓝海科技、青木电子,平安、星河汽车等企业。" + OTHER_CITY, ("xinghe", "locatedIn", "shenzhen"), None),
        ("蓝海科技在深圳、北京、新泽西、广州等8地设立了研发中心。", ("lanhai", "locatedIn", "guangzhou"),
         "firm-sets-up-in-place"),
    ],
    # a firm's or body's main line (主营, 主要产品为, 业务涵盖, 主要方向为): the industries of that clause (2026-12-06)
    "firm-main-business": [
        ("蓝海科技占地约110亩,主要业务涵盖无人机研发、量子传感研发,不同于青木电子。", ("lanhai", "operatesIn", "quantum-sensing"),
         "firm-main-business"),
        ("蓝海科技占地约110亩,青木电子主要业务涵盖无人机研发、量子传感研发。", ("lanhai", "operatesIn", "quantum-sensing"), None),
        ("蓝海科技主要业务涵盖电池,量子传感发展很快,不同于青木电子。", ("lanhai", "operatesIn", "quantum-sensing"), None),
        ("市科技局占地约110亩,主要方向为无人机研发、量子传感研发。", ("kejiju", "operatesIn", "drones"), "firm-main-business"),
    ],
    # a place said to be a part of a place written after it (福田中心区,亦是深圳的CBD), not its neighbour or partner
    "place-is-places-part": [
        ("科苑片区,亦是深圳的创新中心。", ("keyuan", "locatedIn", "shenzhen"), "place-is-places-part"),
        ("科苑片区,亦是深圳的合作伙伴。", ("keyuan", "locatedIn", "shenzhen"), None),
        ("科苑片区是深圳面积的两倍。", ("keyuan", "locatedIn", "shenzhen"), None),
        ("科苑片区是深圳的两倍。", ("keyuan", "locatedIn", "shenzhen"), None),
    ],
    # a place's name written as a chain of two places (中山翠亨新区, 中国香港) is in the first: a written chain, its
    # own rule; in quotes it is a nickname («有“中国硅谷”之称»), left to name-starts-with-place (2026-12-06)
    "place-name-is-chain": [
        ("据悉南山区科苑片区有李明远。", ("keyuan-full", "locatedIn", "nanshan-district"), "place-name-is-chain"),
        ("据悉“南山区科苑片区”有李明远。", ("keyuan-full", "locatedIn", "nanshan-district"), "name-starts-with-place"),
        ("南山区科苑片区有李明远。", ("keyuan-full", "locatedIn", "nanshan-district"), "place-name-is-chain"),
    ],
    # the firms given as examples of a set of an industry's firms (近百家机器人公司中,…如A,B) work in it (2026-12-06)
    "examples-of-industry-firms": [
        ("近百家无人机公司中,拥有诸多细分领域的龙头,如电池龙头蓝海科技,量子传感领域的龙头青木电子。",
         ("qingmu", "operatesIn", "drones"), "examples-of-industry-firms"),
        ("近百家无人机公司,拥有诸多细分领域的龙头,如电池龙头蓝海科技,量子传感领域的龙头青木电子。",
         ("qingmu", "operatesIn", "drones"), None),  # no set of firms (…公司中) the examples are taken from
        ("近百家无人机公司中,蓝海科技和青木电子也在其列。", ("qingmu", "operatesIn", "drones"), None),  # no example word
    ],
    # English: the firms given as examples of an industry's firms («robotics companies such as A, … B») work in it
    # (2026-12-06, round 11: new tune articles 058, 057 write it so)
    "en-industry-firm-examples": [
        ("The boom brought many quantum sensing companies such as Lanhai Tech and Qingmu Electronics to the city.",
         ("qingmu", "operatesIn", "quantum-sensing"), "en-industry-firm-examples"),
        ("The boom brought many quantum sensing companies and Lanhai Tech and Qingmu Electronics to the city.",
         ("qingmu", "operatesIn", "quantum-sensing"), None),  # no example word after the firms' noun
        ("The boom brought many quantum sensing companies in China, including Qingmu Electronics, to the city.",
         ("qingmu", "operatesIn", "quantum-sensing"), "en-industry-firm-examples"),
        ("The boom brought many quantum sensing patents such as Lanhai One to Qingmu Electronics and Lanhai Tech.",
         ("qingmu", "operatesIn", "quantum-sensing"), None),  # examples of a thing, not of firms
        ("The city signed a deal with two quantum sensing companies in China, Lanhai Tech and Qingmu Electronics.",
         ("qingmu", "operatesIn", "quantum-sensing"), "en-industry-firm-examples"),  # the list in apposition
        ("The city signed a deal with two quantum sensing companies in China, then Lanhai Tech met Qingmu Electronics.",
         ("qingmu", "operatesIn", "quantum-sensing"), None),  # after the comma, no list of firms
    ],
    # «X, the owner / creator of Y»: whose product it is (round 11: new tune 060, older 051 write it so)
    "en-produces-owner-of": [
        ("Today, Lanhai Tech, the owner of Lanhai One, is a global colossus.", ("lanhai", "produces", "lanhai-one"),
         "en-produces-owner-of"),
        ("Today, Lanhai Tech, the owner of a large stake in the firm, praised Lanhai One.",
         ("lanhai", "produces", "lanhai-one"), None),
        ("Lanhai Tech bought Qingmu Electronics, the creator of Lanhai One.", ("qingmu", "produces", "lanhai-one"),
         "en-produces-owner-of"),
    ],
    # «X moved its headquarters to Y»: the firm's seat (round 11: new tune 060)
    "en-located-moved-headquarters": [
        ("Lanhai Tech grew quickly and moved its headquarters to Shenzhen.", ("lanhai", "locatedIn", "shenzhen"),
         "en-located"),
        ("Lanhai Tech grew quickly and moved its factory to Shenzhen.", ("lanhai", "locatedIn", "shenzhen"), None),
    ],
    # 深圳诞生了甲: the place, the verb and the firm in one clause; 前海合作区成立15周年,深圳市委常委… names no founding
    # place of the body after the comma (2026-12-06)
    "located-in-place-founded-one-clause": [
        ("深圳诞生了蓝海科技。" + OTHER_CITY, ("lanhai", "locatedIn", "shenzhen"), "located-in-place-founded"),
        ("深圳成立15周年,蓝海科技发展很快。" + OTHER_CITY, ("lanhai", "locatedIn", "shenzhen"), None),
    ],
    # a place where a firm or a site of the sentence stands (甲已在A、B设立研发中心,主要瞄准…) hosts none of the sentence's
    # industries by that: they are the firm's (annotation.md §5 hostsIndustry, one firm's own base) (2026-12-06)
    "hosting-place-not-a-firms-site": [
        ("今年深圳重点发展无人机产业。", ("shenzhen", "hostsIndustry", "drones"), "industry-with-place"),
        ("今年蓝海科技已在深圳设立研发中心,重点发展无人机产业。", ("shenzhen", "hostsIndustry", "drones"), None),
        ("科苑片区在深圳南山区正式启用,重点发展无人机产业。", ("nanshan-district", "hostsIndustry", "drones"), None),
        # a place written right before the industry still hosts it
        ("蓝海科技已在深圳设立研发中心,南山区的无人机产业发展很快。", ("nanshan-district", "hostsIndustry", "drones"),
         "place-before-industry"),
    ],
    # no place is put in a place the lexicon puts inside it (光明区集聚了深圳近80%的…企业: 深圳 is the possessor) (2026-12-06)
    "located-not-in-own-part": [
        ("南山区聚集了蓝海科技等企业。" + OTHER_CITY, ("lanhai", "locatedIn", "nanshan-district"), "located-place-has"),
        ("南山区聚集了深圳近八成的企业。", ("shenzhen", "locatedIn", "nanshan-district"), None),
    ],
    # a site written right after the place (在深圳“机器人谷”诞生了…产业链) is the host, the narrowest of the chain; 产业链
    # counts as a cue when 产业 ends the industry's name (2026-12-06)
    "hosting-site-in-chain": [
        ("据悉在深圳科苑片区诞生了完整的无人机产业链。", ("keyuan", "hostsIndustry", "drones"), "industry-with-place"),
        ("据悉在深圳,科苑片区以外诞生了完整的无人机产业链。", ("keyuan", "hostsIndustry", "drones"), None),
        ("据悉在深圳科苑片区诞生了完整的无人机产业链。", ("shenzhen", "hostsIndustry", "drones"), None),
    ],
    # a firm ranked first over a named country is in it (中国第一大互联网公司); over 全国 no place is named (2026-12-06)
    "firm-national-superlative": [
        ("蓝海科技如今已经成为中国第一大电池公司。", ("lanhai", "locatedIn", "china"), "firm-national-superlative"),
        ("蓝海科技如今已经成为全国第一大电池公司。", ("lanhai", "locatedIn", "china"), None),
        ("蓝海科技如今已经成为中国电池公司的客户。", ("lanhai", "locatedIn", "china"), None),
    ],
    # names inside names: a hub title naming an industry; an industry named after its known head
    "hub-title-names-industry": [
        ("南山区获评无人机之都。", ("nanshan-district", "hostsIndustry", "drones"), "hub-title-names-industry"),
        ("中国获评无人机之都。", ("china", "hostsIndustry", "drones"), None),  # a country holds no such title
    ],
    "industry-name-ends-with-industry": [
        ("蓝海科技看好车载量子传感。", ("vehicle-quantum-sensing", "subIndustryOf", "quantum-sensing"),
         "industry-name-ends-with-industry"),
        ("蓝海科技看好消费级无人机。", ("consumer-drones", "subIndustryOf", "drones"), None),  # the head is no known entity
    ],
    "role-member": [
        ("机器人产业联盟理事李明远说。", ("li", "holdsPosition", "alliance"), "role-member"),
        ("机器人产业联盟的客户李明远说。", ("li", "holdsPosition", "alliance"), None),
    ],
    # a site (a park the lexicon knows no unit of) hosts only the industry written right after it
    "site-before-industry": [
        ("科苑片区无人机产业发展很快。", ("keyuan", "hostsIndustry", "drones"), "place-before-industry"),
        ("科苑片区看好无人机产业。", ("keyuan", "hostsIndustry", "drones"), None),
    ],
    # a word of hosting inside a name (产业 of 机器人产业联盟) is no cue, in any sentence of a paragraph
    "industry-with-place-cue-outside-names": [
        ("这是第一句话。深圳重点发展无人机。", ("shenzhen", "hostsIndustry", "drones"), "industry-with-place"),
        ("这是第一句话。深圳的机器人产业联盟看好无人机。", ("shenzhen", "hostsIndustry", "drones"),
         "industry-with-place-uncued"),
        ("深圳的机器人产业联盟看好无人机。", ("shenzhen", "hostsIndustry", "drones"), "industry-with-place-uncued"),
    ],
    # a place's own share of, or rank over, the country (占全国, 居全国首位, 领跑全国) places it in the country
    # (annotation.md §5 locatedIn, 全国 / 全省 in the place's own share or rank); 全国 is 中国, 大陆全国 中国大陆
    "place-national-rank": [
        ("深圳的机器人企业数量占全国一成。", ("shenzhen", "locatedIn", "china"), "place-national-rank"),
        ("深圳的机器人企业数量占广东一成。", ("shenzhen", "locatedIn", "china"), None),
        ("深圳进出口总额居全国城市首位。", ("shenzhen", "locatedIn", "china"), "place-national-rank"),
        ("深圳进出口总额居全国人大首位。", ("shenzhen", "locatedIn", "china"), None),
        ("深圳目前拥有机器人相关企业超过7万家,数量均领跑全国。", ("shenzhen", "locatedIn", "china"),
         "place-national-rank"),
        # a firm's rank is not the place's: a firm named between the place and 全国
        ("深圳的蓝海科技销量居全国第一。", ("shenzhen", "locatedIn", "china"), None),
        # the place whose share is taken (占广东…) is not the one ranked
        ("深圳经济总量占广东比重超过四分之一,多项指标位居大陆全国城市前列。",
         ("shenzhen", "locatedIn", "mainland-china"), "place-national-rank"),
        ("深圳经济总量占广东比重超过四分之一,多项指标位居大陆全国城市前列。",
         ("guangdong", "locatedIn", "mainland-china"), None),
        ("深圳经济总量占广东比重超过四分之一,多项指标位居大陆全国城市前列。", ("shenzhen", "locatedIn", "china"), None),
        ("深圳的研发经费已经超过了上海,位居全国第二。", ("shanghai", "locatedIn", "china"), None),
        ("深圳的研发经费已经超过了上海,位居全国第二。", ("shenzhen", "locatedIn", "china"), "place-national-rank"),
    ],
    # 显示 after 数据 / 信息 / 报告… is the verb «show», not the display industry
    "reporting-verb-is-no-industry": [
        ("深圳的显示产业发展很快。", ("shenzhen", "hostsIndustry", "display"), "place-before-industry"),
        ("数据显示,深圳产业发展很快。", ("shenzhen", "hostsIndustry", "display"), None),
        ("蓝海科技的显示业务增长很快。", ("lanhai", "operatesIn", "display"), "firm-before-industry"),
        ("信息显示,蓝海科技的业务增长很快。", ("lanhai", "operatesIn", "display"), None),
        ("《报告》显示,深圳产业发展很快。", ("shenzhen", "hostsIndustry", "display"), None),
    ],
    # a firm named in one sentence with a broad sector (制造业, manufacturing) is not thereby in it: a gerund
    # («manufacturing drones») or what the firm serves (助力制造业发展)
    "firm-with-industry-not-broad-sector": [
        ("蓝海科技表示,无人机更好发展。", ("lanhai", "operatesIn", "drones"), "firm-with-industry"),
        ("蓝海科技表示,制造业更好发展。", ("lanhai", "operatesIn", "manufacturing"), None),
        ("蓝海科技表示,服务业更好发展。", ("lanhai", "operatesIn", "services"), None),
    ],
    # round 10 (issue 21): the co-occurrence rules' false hits on the tune split. A firm written only as a person's
    # employer (英伟达高级AI研究科学家Jim Fan…转发感叹) is no actor of the sentence: it gets none of its industries
    "firm-with-industry-not-employer": [
        ("蓝海科技转发感叹,无人机更好发展。", ("lanhai", "operatesIn", "drones"), "firm-with-industry"),
        ("蓝海科技首席科学家李明远转发感叹,无人机更好发展。", ("lanhai", "operatesIn", "drones"), None),
        ("蓝海科技高级AI研究科学家转发感叹,无人机更好发展。", ("lanhai", "operatesIn", "drones"), None),
        # the firm named again as an actor keeps it
        ("蓝海科技工程师说,蓝海科技看好无人机。", ("lanhai", "operatesIn", "drones"), "firm-with-industry"),
    ],
    # an industry right after a verb of buying, using or investing (采购了一批无人机, 搭载…, using drones to deliver) is
    # what the firm buys, uses or funds, not its field
    "firm-with-industry-not-bought": [
        ("蓝海科技看好无人机。", ("lanhai", "operatesIn", "drones"), "firm-with-industry"),
        ("蓝海科技采购了一批无人机。", ("lanhai", "operatesIn", "drones"), None),
        ("蓝海科技投资了一家无人机企业。", ("lanhai", "operatesIn", "drones"), None),
        ("蓝海科技搭载了量子传感。", ("lanhai", "operatesIn", "quantum-sensing"), None),
        ("蓝海科技看好量子传感。", ("lanhai", "operatesIn", "quantum-sensing"), "firm-with-industry"),
    ],
    # a firm written only as the holder of another's shares (华为持股4%的纵慧芯光…生产…化合物半导体) gets none of the
    # held firm's industries
    "firm-with-industry-not-shareholder": [
        ("蓝海科技持股纵慧芯光,看好化合物半导体。", ("lanhai", "operatesIn", "compound-semiconductors"),
         "firm-with-industry"),
        ("蓝海科技持股4%的纵慧芯光看好化合物半导体。", ("lanhai", "operatesIn", "compound-semiconductors"), None),
        ("蓝海科技已持股的纵慧芯光看好化合物半导体。", ("lanhai", "operatesIn", "compound-semiconductors"), None),
    ],
    # an industry written as a place's sector (对光谷乃至武汉的生命健康产业…) is the place's, not the firm's
    "firm-with-industry-not-places-sector": [
        ("蓝海科技的到来,对无人机产业是一个里程碑。", ("lanhai", "operatesIn", "drones"), "firm-with-industry"),
        ("蓝海科技的到来,对深圳的无人机产业是一个里程碑。", ("lanhai", "operatesIn", "drones"), None),
        # 企业 after the industry: the firm's kind, still weakly its field
        ("蓝海科技的到来,对深圳的无人机企业是一个里程碑。", ("lanhai", "operatesIn", "drones"), "firm-with-industry"),
        # a place's economy (CCID Consulting … said China's low-altitude economy was worth…)
        ("蓝海科技表示,低空经济增长很快。", ("lanhai", "operatesIn", "low-altitude-economy"), "firm-with-industry"),
        ("蓝海科技表示,深圳的低空经济增长很快。", ("lanhai", "operatesIn", "low-altitude-economy"), None),
    ],
    # an industry inside a longer noun phrase naming a market place or a platform (the world's largest electronics
    # wholesale market, 昇腾算力平台) says what is traded there; the place hosts no industry by it
    "industry-with-place-not-venue": [
        ("深圳形成了全球最大的无人机产业。", ("shenzhen", "hostsIndustry", "drones"), "industry-with-place"),
        ("深圳形成了全球最大的无人机批发市场。", ("shenzhen", "hostsIndustry", "drones"), None),
        ("深圳形成了量子传感平台。", ("shenzhen", "hostsIndustry", "quantum-sensing"), None),
        ("Shenzhen has the world's largest quantum sensing wholesale market.",
         ("shenzhen", "hostsIndustry", "quantum-sensing"), None),
        ("Shenzhen has the world's largest quantum sensing industry.", ("shenzhen", "hostsIndustry", "quantum-sensing"),
         "industry-with-place"),
    ],
    # a policy named as a frame or a term of comparison (创新十条之外…, 继“人类基因组计划”之后…) targets none of the
    # sentence's industries
    "policy-with-industry-not-frame": [
        ("创新十条出台后,无人机产业发展很快。", ("policy-ten", "targets", "drones"), "policy-with-industry"),
        ("创新十条之外,无人机产业发展很快。", ("policy-ten", "targets", "drones"), None),
        ("继“创新十条”之后,无人机产业迎来第三次革命。", ("policy-ten", "targets", "drones"), None),
    ],
    # a country written between a place and an industry, in the industry's clause (透过深圳“机器人谷”,中国在高端制造领域
    # 突破…) is the industry's place: the narrower place before it hosts nothing by this
    "industry-with-place-not-past-country": [
        ("透过深圳,我们在量子传感领域形成突破。", ("shenzhen", "hostsIndustry", "quantum-sensing"), "industry-with-place"),
        ("透过深圳,中国在量子传感领域形成突破。", ("shenzhen", "hostsIndustry", "quantum-sensing"), None),
        # the country before the place: the place is still the nearest
        ("中国的深圳在量子传感领域形成突破。", ("shenzhen", "hostsIndustry", "quantum-sensing"), "industry-with-place"),
    ],
    # an industry written right after another one is the head of a compound (即时通讯软件): the firm's field is the
    # modifier (即时通讯), not the head (软件)
    "firm-with-industry-not-compound-head": [
        ("蓝海科技看好量子传感和芯片。", ("lanhai", "operatesIn", "chips"), "firm-with-industry"),
        ("蓝海科技看好量子传感芯片。", ("lanhai", "operatesIn", "chips"), None),
        ("蓝海科技看好量子传感芯片。", ("lanhai", "operatesIn", "quantum-sensing"), "firm-with-industry"),
    ],
    # a place a sentence names only as a neighbour or a term of comparison (毗邻X, 堪比X, 继X之后) hosts
    # nothing by it (annotation.md §5 hostsIndustry, a comparison set is no hosting)
    "hosting-place-not-compared": [
        ("依托深圳的区位优势,重点发展无人机产业。", ("shenzhen", "hostsIndustry", "drones"), "industry-with-place"),
        ("依托毗邻深圳的区位优势,重点发展无人机产业。", ("shenzhen", "hostsIndustry", "drones"), None),
        ("有着密度堪比硅谷的机器人公司,形成产业集群。", ("silicon-valley", "hostsIndustry", "robotics"), None),
        ("无人机产业正迈向继长三角、珠三角之后的第四极。", ("yangtze-river-delta", "hostsIndustry", "drones"), None),
        ("无人机产业正迈向继长三角、珠三角之后的第四极。", ("pearl-river-delta", "hostsIndustry", "drones"), None),
        ("长三角、珠三角的无人机产业正迈向第四极。", ("pearl-river-delta", "hostsIndustry", "drones"),
         "place-before-industry"),
    ],
}

LATER_CASES = [(rule, k, *case) for rule, cases in LATER_RULES.items() for k, case in enumerate(cases)]


@pytest.mark.parametrize("rule, k, sentence, triple, by", LATER_CASES, ids=[f"{c[0]}-{c[1]}" for c in LATER_CASES])
def test_later_rule(extractor, rule, k, sentence, triple, by):
    found = proposed(extractor, sentence)
    assert found.get(triple) == by, (sentence, found)


def test_every_later_rule_has_a_positive_and_a_negative_sentence():
    for rule, cases in LATER_RULES.items():
        (_s, _t, first), (_s2, _t2, second) = cases[:2]
        assert first is not None and second != first, rule


def test_every_rules_own_confidence_is_a_probability(extractor):
    """Before calibration a candidate carries its rule's own confidence: the prior that
    ``szkg eval --calibrate`` starts from (a prior weighing as four candidates) and what a rule
    not yet measured keeps.  It must be a probability, or calibration gives values above 1 (or
    fails on None) and ``--min-confidence`` means nothing.  Over every sentence of this file."""
    sentences = {sentence for positive, negative, _t in TRIGGER_RULES.values() for sentence in (positive, negative)}
    sentences |= {case[0] for cases in (*STRUCTURAL_RULES.values(), *LATER_RULES.values()) for case in cases}
    rules = set()
    for sentence in sorted(sentences):
        for candidate in extractor.extract(sentence, script="en" if sentence.isascii() else "").candidates:
            assert isinstance(candidate.confidence, float) and 0 < candidate.confidence <= 1, \
                (sentence, candidate.rule, candidate.confidence)
            rules.add(candidate.rule)
    assert {"name-starts-with-place", "located-respectively", "awarded-title"} <= rules
