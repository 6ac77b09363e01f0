"""The command line: `summarizer extract|brief|cluster|daily|batch|logs` (`commands`) and the
options several commands share (`options`); what a person sees on stderr is `summarizer.console`.

May import every other package; nothing imports it but `summarizer.eval.cli`, which takes its
shared options from `options`.
"""
