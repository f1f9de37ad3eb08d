"""What a proposal card says besides its text: that the text is a quote in another language (offline, the
sources are Finnish) with the target's name in the user's language, and the county's own words that put
the proposal where it is in the list."""

from __future__ import annotations

import streamlit as st

from assistant.drafting.models import Proposal
from assistant.i18n import Catalog
from assistant.markdown import escape_md
from assistant.template.spec import load_template


def proposal_notes(proposal: Proposal, messages: Catalog) -> None:
    language = messages.language
    if proposal.kieli != language:
        target = load_template().target_by_name(proposal.kehittamiskohde)
        name = target.display(language) if target is not None else proposal.kehittamiskohde
        st.caption(escape_md(messages.t("ui.proposals.quoted", target=name)))
    if proposal.county_words:
        st.caption(escape_md(messages.t("ui.proposals.reason", words=", ".join(proposal.county_words))))
