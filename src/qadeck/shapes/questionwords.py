"""The words questions are asked with, in the languages Q&A documents are written in, and
the headings of boilerplate (tables of contents, licences) that ask nothing."""

from __future__ import annotations

import re

CONTENTS = re.compile(
    r"^(?:table of contents|contents|toc|index|содержание|оглавление|目录|目錄|目次|목차"
    r"|inhaltsverzeichnis|índice|indice|sumário|sommaire|table des matières)$",
    re.IGNORECASE,
)
QUESTION_END = re.compile(r"[?？؟]\s*$")
QUESTION_START = re.compile(
    r"^(?:what|how|why|when|where|which|who|whose|is|are|can|could|does|do|did|should|would"
    r"|will|explain|describe|define|compare|name|list|write|give|что|как|зачем|почему|какой"
    r"|какие|чем|где|когда|объясните|опишите"
    r"|was|wie|warum|wieso|weshalb|wann|wo|woher|wohin|welche[rsnm]?|wer|kannst|können|erkläre"
    r"|erklären|beschreibe|nenne|erzähl|qué|cómo|cuál|cuáles|cuándo|dónde|por qué|quién|explica"
    r"|describe|o que|como|qual|quais|quando|onde|por que|porque|explique|descreva"
    r"|qu'est-ce|comment|pourquoi|quel|quelle|quels|quelles|expliquez|décrivez"
    # a comparison asked as a noun phrase: "Difference between X and Y"
    r"|differences? between|разница между|отличи[ея] между|diferencias? entre|diferenças? entre"
    r"|unterschiede? zwischen|différences? entre)(?!\w)",
    re.IGNORECASE,
)
# "How it works", "What we do", "Why it matters": a question word and then its subject is a
# clause that names a topic (a question puts its verb first: "How does it work?").
TOPIC_CLAUSE = re.compile(
    r"^(?:how|what|why|when|where|who|which)\s+(?:it|we|you|they|i|he|she|this|that|these"
    r"|those)(?!\w)",
    re.IGNORECASE,
)
# A sentence that asks by asking for something: "Write one.", "Tell me about X.", "Discuss."
REQUEST = re.compile(
    r"^(?:explain|describe|define|compare|name|list|write|give|tell me|tell us|show me|show us"
    r"|discuss|implement|produce|draw|invent|generate|defend|talk about|let's (?:talk|discuss"
    r"|have|play|review)|erkläre|beschreibe|nenne|erzähl|explica|describe|explique|descreva"
    r"|expliquez|décrivez|объясните|опишите)(?!\w)",
    re.IGNORECASE,
)
# Chinese, Japanese and Korean ask with words inside the sentence, not at its start.
QUESTION_WORDS = re.compile(
    r"什么|什麼|为什么|為什麼|如何|怎么|怎麼|怎样|怎樣|哪些|吗\s*$|嗎\s*$|とは|ですか|でしょうか"
    r"|무엇|어떻게|왜|인가요|일까요|란\s*$"
    r"|的区别\s*$|的區別\s*$|の違い\s*$|(?:의|) ?차이(?:점)?\s*$"  # "the difference of X and Y"
)
BOILERPLATE = re.compile(
    r"^(?:table of contents|contents|toc|index|contributing|contribution|contributions"
    r"|contributors|how to contribute|license|licence|licensing|sponsors?|backers|supporters"
    r"|support|donate|donations|acknowledge?ments|credits|authors?|about(?: the author| me| us)?"
    r"|star history|stargazers|translations|other languages|languages|disclaimer|changelog"
    r"|useful links|useful resources|resources|further reading|see also|introduction"
    r"|references?|bibliography|содержание|оглавление|лицензия|благодарности|ссылки|литература"
    r"|目录|目錄|许可证|许可|贡献|贡献者|赞助|致谢|参考|参考资料|参考文献|参考链接"
    r"|참고|참고 ?자료)$",
    re.IGNORECASE,
)
# Sub-headings that name a part of the answer above them, never a question of their own.
ANSWER_PARTS = re.compile(
    r"^(?:answer|solution|examples?|explanation|code|output|notes?|hint|usage|syntax|pros"
    r"|cons|advantages|disadvantages|references?|sources|resources|links|see also"
    r"|(?:further|more|additional) (?:information|info|reading|resources|links)|read more"
    r"|learn more|пример|примеры|ответ|решение|ссылки|источники|литература|示例|答案|参考"
    r"|参考资料|参考文献|参考链接|相关链接|延伸阅读|関連リンク|참고|참고 ?자료|레퍼런스"
    r"|解析|解答|详解|答案解析|正确答案|参考答案|题目|题干|问题|选项|해설|정답|풀이|問題|正解"
    r"|答え|解説)$",
    re.IGNORECASE,
)
