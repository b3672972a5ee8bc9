"""What /help (帮助) says: what the bot can do and three example questions."""
from __future__ import annotations

EXAMPLES = (
    "发展助力专项什么样的学会才能报？",
    "理事会一年至少要开几次？",
    "考核结果A、B、C三个等级各按多少比例划分？",
)


def help_text(max_chars: int) -> str:
    examples = "\n".join(f"· {q}" for q in EXAMPLES)
    return (
        "我是学会助手，回答江苏省科协学会政策文件里的问题，每个回答都注明依据的文件和条款原文；"
        "文件里没有写的，会直接说没有。\n"
        f"直接发问题即可（{max_chars} 字以内）；在群里请先 @我。追问可以接着上一问说，"
        "例如“那二类学会呢？”“原文是什么”“上一条的第2个引用”。\n"
        "命令：\n"
        "/clause 2022 三、（一）4.（2） 或“查条款 2022 三、（一）4.（2）”：查条款原文\n"
        "/check：逐项问答，核对贵会能否申报提升计划的子项目\n"
        "/score：逐项问答，估算年度高质量发展考核得分、等级与升降类\n"
        "/cancel（取消）：退出问答；重来：问答从头开始\n"
        "/reset（重新开始）：清除上下文，下一问不再接着上一问理解\n"
        "例如可以问：\n" + examples
    )


__all__ = ["EXAMPLES", "help_text"]
