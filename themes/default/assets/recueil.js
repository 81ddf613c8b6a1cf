/* recueil – thème par défaut : recherche de l'en-tête (toutes les pages) et
   filtres de la liste des fiches. JavaScript sans dépendance ni étape de construction.
   L'index de recherche (dossier recherche/) est chargé par balises <script>, à la
   demande, pour fonctionner aussi depuis le disque (file://).
   Aucun texte visible ici : les libellés viennent des attributs data-l-* posés
   par les gabarits (donc de labels.yaml). */
(function () {
  'use strict';

  var doc = document;
  var html = doc.documentElement;
  var racine = html.getAttribute('data-racine') || (doc.body && doc.body.getAttribute('data-racine')) || '';
  html.classList.add('js');

  /* ------------------------------------------------------------------ */
  /* Chargement de l'index                                              */
  /* ------------------------------------------------------------------ */

  var recus = Object.create(null);     // nom -> données reçues
  var promesses = Object.create(null); // nom -> Promise

  window.__recueilRecherche = function (nom, donnees) {
    recus[nom] = donnees;
  };

  function charger(nom) {
    if (promesses[nom]) return promesses[nom];
    promesses[nom] = new Promise(function (resolve, reject) {
      if (nom in recus) { resolve(recus[nom]); return; }
      var s = doc.createElement('script');
      s.src = racine + 'recherche/' + nom + '.js';
      s.async = true;
      s.onload = function () {
        s.parentNode.removeChild(s);
        if (nom in recus) resolve(recus[nom]);
        else reject(new Error('index incomplet : ' + nom));
      };
      s.onerror = function () {
        s.parentNode.removeChild(s);
        reject(new Error('index introuvable : ' + nom));
      };
      doc.head.appendChild(s);
    });
    return promesses[nom];
  }

  /* ------------------------------------------------------------------ */
  /* Requête                                                            */
  /* ------------------------------------------------------------------ */

  var MARQUES = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
  var SEPARATEURS;
  try { SEPARATEURS = new RegExp('[^\\p{L}\\p{N}]+', 'u'); }
  catch (e) { SEPARATEURS = /[^0-9a-z\u00c0-\u024f]+/; }

  function plier(texte) {
    return String(texte).normalize('NFD').replace(MARQUES, '').toLowerCase()
      .replace(/\u0153/g, 'oe').replace(/\u00e6/g, 'ae').replace(/\u2019/g, "'");
  }

  function motsDe(texte) {
    return plier(texte).split(SEPARATEURS).filter(function (m) { return m.length > 1; });
  }

  function numeroLot(index, mot) {
    var t = index.mots, bas = 0, haut = t.length - 1, r = 0;
    while (bas <= haut) {
      var milieu = (bas + haut) >> 1;
      if (t[milieu] <= mot) { r = milieu; bas = milieu + 1; } else { haut = milieu - 1; }
    }
    return r;
  }

  var decodes = Object.create(null); // racine -> Map(doc -> score)
  function postings(racineMot, lots) {
    if (decodes[racineMot]) return decodes[racineMot];
    var plat = null;
    for (var i = 0; i < lots.length && !plat; i++) {
      if (lots[i].racines && Object.prototype.hasOwnProperty.call(lots[i].racines, racineMot)) plat = lots[i].racines[racineMot];
    }
    if (!plat) {
      for (var nom in recus) {
        var d = recus[nom];
        if (nom.indexOf('mots/') === 0 && d.racines && Object.prototype.hasOwnProperty.call(d.racines, racineMot)) { plat = d.racines[racineMot]; break; }
      }
    }
    var m = new Map(), id = 0;
    if (plat) {
      for (var j = 0; j + 1 < plat.length; j += 2) { id += plat[j]; m.set(id, plat[j + 1]); }
    }
    decodes[racineMot] = m;
    return m;
  }

  function aLaClef(objet, clef) { return Object.prototype.hasOwnProperty.call(objet, clef); }

  // Racines trouvées pour un mot : forme exacte, puis sans s/x final, puis sans « es » ;
  // pour le dernier mot (saisie en cours), tous les mots qui commencent par lui (50 au plus).
  function racinesDuMot(index, mot, dernier) {
    var variantes = [mot];
    if (mot.length > 2 && /[sx]$/.test(mot)) variantes.push(mot.slice(0, -1));
    if (mot.length > 3 && /es$/.test(mot)) variantes.push(mot.slice(0, -2));
    var numeros = [];
    variantes.forEach(function (v) { var n = numeroLot(index, v); if (numeros.indexOf(n) < 0) numeros.push(n); });
    var n0 = numeroLot(index, mot);
    if (dernier) {
      for (var k = n0 + 1; k < index.mots.length && index.mots[k].indexOf(mot) === 0 && k - n0 <= 3; k++) {
        if (numeros.indexOf(k) < 0) numeros.push(k);
      }
    }
    return Promise.all(numeros.map(function (n) { return charger('mots/' + n); })).then(function (lots) {
      var parNumero = {};
      numeros.forEach(function (n, i) { parNumero[n] = lots[i]; });
      var racines = [];
      function ajouter(r) { if (racines.indexOf(r) < 0) racines.push(r); }
      for (var i = 0; i < variantes.length; i++) {
        var lot = parNumero[numeroLot(index, variantes[i])];
        if (lot && lot.mots && aLaClef(lot.mots, variantes[i])) { ajouter(lot.mots[variantes[i]]); break; }
      }
      if (dernier) {
        var vus = 0;
        for (var j = 0; j < numeros.length && vus < 50; j++) {
          var mots = parNumero[numeros[j]].mots || {};
          for (var surface in mots) {
            if (surface.indexOf(mot) === 0) { ajouter(mots[surface]); if (++vus >= 50) break; }
          }
        }
      }
      return { racines: racines, lots: lots };
    });
  }

  // Renvoie une promesse de [{id, score}] triée (score décroissant puis id), ou null si la requête est vide.
  function chercher(requete) {
    var mots = motsDe(requete);
    if (!mots.length) return Promise.resolve(null);
    return charger('index').then(function (index) {
      return Promise.all(mots.map(function (m, i) { return racinesDuMot(index, m, i === mots.length - 1); }));
    }).then(function (parMot) {
      var scores = parMot.map(function (r) {
        var s = new Map();
        r.racines.forEach(function (rac) {
          postings(rac, r.lots).forEach(function (score, id) {
            var ancien = s.get(id);
            if (ancien === undefined || score > ancien) s.set(id, score);
          });
        });
        return s;
      });
      scores.sort(function (a, b) { return a.size - b.size; });
      var resultats = [];
      scores[0].forEach(function (score, id) {
        var total = score;
        for (var i = 1; i < scores.length; i++) {
          var s = scores[i].get(id);
          if (s === undefined) return;
          total += s;
        }
        resultats.push({ id: id, score: total });
      });
      resultats.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
      return resultats;
    });
  }

  // Documents (slug, url, titre, résumé, structure, commune) pour une liste d'identifiants.
  function documents(ids) {
    return charger('index').then(function (index) {
      var taille = index.taille_lot_docs || 100;
      var lots = [];
      ids.forEach(function (id) { var k = Math.floor(id / taille); if (lots.indexOf(k) < 0) lots.push(k); });
      return Promise.all(lots.map(function (k) { return charger('docs/' + k); })).then(function (contenus) {
        var parLot = {};
        lots.forEach(function (k, i) { parLot[k] = contenus[i]; });
        return ids.map(function (id) {
          var d = parLot[Math.floor(id / taille)][id % taille];
          return d ? { id: id, slug: d[0], url: d[1], titre: d[2], resume: d[3], structure: d[4], commune: d[5] } : null;
        }).filter(Boolean);
      });
    });
  }

  function formatNombre(n) {
    try { return n.toLocaleString('fr-FR'); } catch (e) { return String(n); }
  }
  function libelle(modele, valeurs) {
    return String(modele || '').replace(/\{(\w+)\}/g, function (tout, clef) {
      return clef in valeurs ? valeurs[clef] : tout;
    });
  }
  function debounce(fn, delai) {
    var minuterie;
    return function () {
      var args = arguments, moi = this;
      clearTimeout(minuterie);
      minuterie = setTimeout(function () { fn.apply(moi, args); }, delai);
    };
  }

  /* ------------------------------------------------------------------ */
  /* Recherche de l'en-tête                                             */
  /* ------------------------------------------------------------------ */

  function initEntete(form) {
    var champ = form.querySelector('input[type="search"]');
    var panneau = form.querySelector('[data-panneau]');
    var etat = form.querySelector('[data-etat]');
    var liste = form.querySelector('[data-liste]');
    var annonce = form.querySelector('[data-annonce]');
    var lienTout = form.querySelector('[data-tout]');
    var MAX = 8;
    var numero = 0;
    var L = {
      aucun: form.getAttribute('data-l-aucun'), un: form.getAttribute('data-l-un'),
      n: form.getAttribute('data-l-n'), premiers: form.getAttribute('data-l-premiers'),
      chargement: form.getAttribute('data-l-chargement'), indisponible: form.getAttribute('data-l-indisponible')
    };
    if (!champ || !panneau || !liste) return;

    function ouvrir() { panneau.hidden = false; }
    function fermer() { panneau.hidden = true; }
    function dire(texte) {
      etat.textContent = texte;
      if (annonce.textContent !== texte) annonce.textContent = texte;
    }

    function afficher(resultats, docs, requete) {
      liste.textContent = '';
      docs.forEach(function (d) {
        var li = doc.createElement('li');
        var a = doc.createElement('a');
        a.href = racine + d.url;
        var t = doc.createElement('span');
        t.className = 'resultat-titre';
        t.textContent = d.titre;
        var r = doc.createElement('span');
        r.className = 'resultat-resume';
        r.textContent = d.resume;
        a.appendChild(t); a.appendChild(doc.createTextNode(' ')); a.appendChild(r);
        li.appendChild(a);
        liste.appendChild(li);
      });
      var n = resultats.length;
      var texte = n === 0 ? L.aucun : n === 1 ? L.un : libelle(L.n, { n: formatNombre(n) });
      dire(texte);
      if (lienTout) {
        lienTout.href = racine + 'fiches/index.html?q=' + encodeURIComponent(requete);
        lienTout.parentNode.hidden = n <= MAX;
      }
      ouvrir();
    }

    var lancer = debounce(function () {
      var requete = champ.value.trim();
      var moi = ++numero;
      if (!motsDe(requete).length) { liste.textContent = ''; dire(''); fermer(); return; }
      if (panneau.hidden) { liste.textContent = ''; etat.textContent = L.chargement; if (lienTout) lienTout.parentNode.hidden = true; ouvrir(); }
      chercher(requete).then(function (resultats) {
        if (moi !== numero) return null;
        resultats = resultats || [];
        return documents(resultats.slice(0, MAX).map(function (r) { return r.id; })).then(function (docs) {
          if (moi === numero) afficher(resultats, docs, requete);
        });
      }).catch(function () {
        if (moi !== numero) return;
        liste.textContent = '';
        if (lienTout) lienTout.parentNode.hidden = true;
        dire(L.indisponible);
        ouvrir();
      });
    }, 120);

    champ.addEventListener('input', lancer);
    champ.addEventListener('focus', function () { if (liste.children.length) ouvrir(); });

    function liens() { return Array.prototype.slice.call(panneau.querySelectorAll('a')).filter(function (a) { return !a.closest('[hidden]'); }); }

    form.addEventListener('keydown', function (ev) {
      if (ev.key === 'Escape') {
        if (!panneau.hidden) { fermer(); champ.focus(); ev.preventDefault(); }
        return;
      }
      if (ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp') return;
      if (panneau.hidden) return;
      var tous = liens();
      if (!tous.length) return;
      var i = tous.indexOf(doc.activeElement);
      ev.preventDefault();
      if (ev.key === 'ArrowDown') {
        (i < 0 ? tous[0] : tous[Math.min(i + 1, tous.length - 1)]).focus();
      } else if (i <= 0) {
        champ.focus();
      } else {
        tous[i - 1].focus();
      }
    });
    form.addEventListener('focusout', function (ev) {
      if (!ev.relatedTarget || !form.contains(ev.relatedTarget)) {
        setTimeout(function () { if (!form.contains(doc.activeElement)) fermer(); }, 0);
      }
    });
    doc.addEventListener('click', function (ev) { if (!form.contains(ev.target)) fermer(); });
  }

  /* ------------------------------------------------------------------ */
  /* Liste des fiches : facettes + recherche, état dans l'adresse       */
  /* ------------------------------------------------------------------ */

  var CLES = ['thematique', 'public', 'region', 'departement', 'type', 'statut', 'annee'];

  function initListe(ul) {
    var zone = doc.querySelector('[data-filtres]');
    var form = doc.getElementById('filtres');
    if (!zone || !form) return;
    var champ = doc.getElementById('filtre-q');
    var compte = doc.querySelector('[data-compte-resultats]');
    var aucun = doc.querySelector('[data-aucun]');
    var sansJs = doc.querySelector('[data-sans-js]');
    var actifs = doc.querySelector('[data-actifs]');
    var voir = doc.querySelector('[data-voir]');
    var puces = doc.querySelector('[data-puces]');
    var titreResultats = doc.getElementById('titre-resultats');
    var total = parseInt(compte.getAttribute('data-total'), 10) || ul.children.length;
    var L = {
      zero: compte.getAttribute('data-l-zero'), un: compte.getAttribute('data-l-un'),
      n: compte.getAttribute('data-l-n'), indisponible: compte.getAttribute('data-l-indisponible')
    };

    zone.hidden = false;
    if (sansJs) sansJs.hidden = true;
    var panneau = zone.querySelector('details');
    if (panneau && window.matchMedia && window.matchMedia('(max-width: 59.99em)').matches) panneau.open = false;

    // Cartes : valeurs de facettes lues une fois dans les attributs data-*.
    var cartes = Array.prototype.map.call(ul.children, function (li, rang) {
      var f = {};
      CLES.forEach(function (k) {
        var v = li.getAttribute('data-' + k);
        f[k] = v ? v.split(' ') : [];
      });
      var docId = li.getAttribute('data-doc');
      return { el: li, f: f, rang: rang, slug: li.getAttribute('data-slug'), doc: docId === null ? null : parseInt(docId, 10), visible: true, texte: null };
    });
    var parSlug = Object.create(null), parDoc = Object.create(null), tousDoc = true;
    cartes.forEach(function (c) {
      parSlug[c.slug] = c;
      if (c.doc === null || isNaN(c.doc)) tousDoc = false; else parDoc[c.doc] = c;
    });

    // Cases à cocher et compteurs par facette.
    var cases = {}, compteurs = {};
    CLES.forEach(function (k) { cases[k] = []; compteurs[k] = {}; });
    Array.prototype.forEach.call(form.querySelectorAll('input[type="checkbox"]'), function (cb) {
      var k = cb.name;
      if (!cases[k]) return;
      cases[k].push(cb);
      var span = cb.parentNode.querySelector('[data-compte]');
      compteurs[k][cb.value] = { span: span, li: cb.parentNode, n: -1 };
    });

    var selection = {};
    var requete = '';
    var trouves = null;     // null : pas de recherche ; sinon Map(carte -> score)
    var indisponible = false;
    var ordreParScore = false;
    var numero = 0;

    function lireSelection() {
      CLES.forEach(function (k) {
        selection[k] = new Set(cases[k].filter(function (cb) { return cb.checked; }).map(function (cb) { return cb.value; }));
      });
    }

    function reordonner() {
      var voulu = trouves && trouves.size ? 'score' : 'rang';
      if (voulu === 'rang' && !ordreParScore) return;
      var liste = cartes.slice();
      if (voulu === 'score') {
        liste.sort(function (a, b) {
          var sa = trouves.get(a), sb = trouves.get(b);
          if (sa === undefined && sb === undefined) return a.rang - b.rang;
          if (sa === undefined) return 1;
          if (sb === undefined) return -1;
          return sb - sa || a.rang - b.rang;
        });
      }
      var frag = doc.createDocumentFragment();
      liste.forEach(function (c) { frag.appendChild(c.el); });
      ul.appendChild(frag);
      ordreParScore = voulu === 'score';
    }

    function texteCarte(c) {
      if (c.texte === null) c.texte = plier(c.el.textContent);
      return c.texte;
    }

    function appliquer() {
      var actives = CLES.filter(function (k) { return selection[k].size > 0; });
      var comptes = {};
      CLES.forEach(function (k) { comptes[k] = Object.create(null); });
      var motsSecours = indisponible ? motsDe(requete) : null;
      var n = 0;
      for (var i = 0; i < cartes.length; i++) {
        var c = cartes[i];
        var okTexte;
        if (motsSecours) {
          var t = texteCarte(c);
          okTexte = motsSecours.every(function (m) { return t.indexOf(m) >= 0; });
        } else {
          okTexte = !trouves || trouves.has(c);
        }
        var echecs = 0, rate = null;
        if (okTexte) {
          for (var a = 0; a < actives.length; a++) {
            var k = actives[a], vals = c.f[k], ok = false;
            for (var v = 0; v < vals.length; v++) { if (selection[k].has(vals[v])) { ok = true; break; } }
            if (!ok) { echecs++; rate = k; if (echecs > 1) break; }
          }
        }
        var visible = okTexte && echecs === 0;
        if (visible !== c.visible) { c.el.hidden = !visible; c.visible = visible; }
        if (visible) {
          n++;
          for (var j = 0; j < CLES.length; j++) {
            var cle = CLES[j], vs = c.f[cle], cpt = comptes[cle];
            for (var x = 0; x < vs.length; x++) cpt[vs[x]] = (cpt[vs[x]] || 0) + 1;
          }
        } else if (okTexte && echecs === 1) {
          // Compte « disjonctif » : ce que donnerait l'ajout de cette valeur à sa facette.
          var vr = c.f[rate], cr = comptes[rate];
          for (var y = 0; y < vr.length; y++) cr[vr[y]] = (cr[vr[y]] || 0) + 1;
        }
      }
      CLES.forEach(function (k) {
        var cpt = comptes[k];
        for (var val in compteurs[k]) {
          var o = compteurs[k][val], nb = cpt[val] || 0;
          if (o.n !== nb) {
            o.n = nb;
            if (o.span) o.span.textContent = '(' + formatNombre(nb) + ')';
            o.li.classList.toggle('vide', nb === 0);
          }
        }
      });
      reordonner();
      if (actifs) {
        var na = actives.reduce(function (somme, k) { return somme + selection[k].size; }, 0) + (requete ? 1 : 0);
        actifs.textContent = na === 0 ? '' : libelle(na === 1 ? actifs.getAttribute('data-l-un') : actifs.getAttribute('data-l-n'), { n: formatNombre(na) });
      }
      if (voir) voir.textContent = libelle(n === 0 ? voir.getAttribute('data-l-zero') : n === 1 ? voir.getAttribute('data-l-un') : voir.getAttribute('data-l-n'), { n: formatNombre(n) });
      dessinerPuces();
      aucun.hidden = n !== 0;
      var texte = libelle(n === 0 ? L.zero : n === 1 ? L.un : L.n, { n: formatNombre(n), total: formatNombre(total) });
      if (indisponible && requete) texte = L.indisponible + ' ' + texte;
      compte.textContent = texte;
      ecrireAdresse();
    }

    // Les filtres actifs en puces : un bouton par valeur cochée (et la
    // recherche), qui la retire ; le focus passe à la puce suivante, ou au
    // titre des résultats quand il n'en reste plus.
    function texteSans(el, selecteur) {
      var copie = el.cloneNode(true);
      Array.prototype.forEach.call(copie.querySelectorAll(selecteur), function (x) { x.remove(); });
      return copie.textContent.replace(/\s+/g, ' ').trim();
    }
    function puce(texte, retirer) {
      var li = doc.createElement('li');
      var b = doc.createElement('button');
      b.type = 'button';
      b.setAttribute('aria-label', libelle(puces.getAttribute('data-l-retirer'), { filtre: texte }));
      var t = doc.createElement('span');
      t.textContent = texte;
      var x = doc.createElement('span');
      x.className = 'croix';
      x.setAttribute('aria-hidden', 'true');
      x.textContent = '×';
      b.appendChild(t); b.appendChild(x);
      b.addEventListener('click', function () {
        var boutons = Array.prototype.slice.call(puces.querySelectorAll('button'));
        var rang = boutons.indexOf(b);
        retirer();
        var reste = puces.querySelectorAll('button');
        if (reste.length) reste[Math.min(rang, reste.length - 1)].focus();
        else if (titreResultats) titreResultats.focus();
      });
      li.appendChild(b);
      return li;
    }
    function dessinerPuces() {
      if (!puces) return;
      var frag = doc.createDocumentFragment();
      if (requete) {
        frag.appendChild(puce(libelle(puces.getAttribute('data-l-recherche'), { q: requete }), function () { champ.value = ''; rechercher(); }));
      }
      CLES.forEach(function (k) {
        cases[k].forEach(function (cb) {
          if (!cb.checked) return;
          var legende = cb.closest('fieldset').querySelector('legend');
          var label = form.querySelector('label[for="' + cb.id + '"]');
          var texte = libelle(puces.getAttribute('data-l-filtre'), {
            facette: legende ? legende.textContent.trim() : k,
            terme: label ? texteSans(label, '[data-compte]') : cb.value
          });
          frag.appendChild(puce(texte, function () { cb.checked = false; lireSelection(); appliquer(); }));
        });
      });
      puces.textContent = '';
      puces.appendChild(frag);
      puces.hidden = !puces.children.length;
    }

    if (voir) {
      voir.addEventListener('click', function () {
        if (panneau && window.matchMedia && window.matchMedia('(max-width: 59.99em)').matches) panneau.open = false;
        if (titreResultats) {
          titreResultats.focus({ preventScroll: true });
          titreResultats.parentNode.scrollIntoView({ block: 'start' });
        }
      });
    }

    function ecrireAdresse() {
      var p = new URLSearchParams();
      if (requete) p.set('q', requete);
      CLES.forEach(function (k) { selection[k].forEach(function (v) { p.append(k, v); }); });
      var chaine = p.toString();
      var url = location.pathname + (chaine ? '?' + chaine : '') + location.hash;
      try { history.replaceState(history.state, '', url); } catch (e) { /* file:// selon le navigateur */ }
    }

    function rechercher() {
      var moi = ++numero;
      requete = champ.value.trim();
      if (!motsDe(requete).length) {
        trouves = null; indisponible = false;
        appliquer();
        return;
      }
      chercher(requete).then(function (resultats) {
        if (moi !== numero) return null;
        resultats = resultats || [];
        if (tousDoc) return resultats.map(function (r) { return [parDoc[r.id], r.score]; });
        return documents(resultats.map(function (r) { return r.id; })).then(function (docs) {
          var score = {};
          resultats.forEach(function (r) { score[r.id] = r.score; });
          return docs.map(function (d) { return [parSlug[d.slug], score[d.id]]; });
        });
      }).then(function (paires) {
        if (moi !== numero || !paires) return;
        trouves = new Map();
        paires.forEach(function (p) { if (p[0]) trouves.set(p[0], p[1]); });
        indisponible = false;
        appliquer();
      }).catch(function () {
        if (moi !== numero) return;
        trouves = null; indisponible = true;
        appliquer();
      });
    }

    // État initial depuis l'adresse (?q=…&thematique=…).
    var params = new URLSearchParams(location.search);
    CLES.forEach(function (k) {
      var voulues = params.getAll(k);
      cases[k].forEach(function (cb) { cb.checked = voulues.indexOf(cb.value) >= 0; });
    });
    champ.value = params.get('q') || '';
    lireSelection();
    if (champ.value.trim()) rechercher(); else appliquer();

    form.addEventListener('change', function (ev) {
      if (ev.target && ev.target.type === 'checkbox') { lireSelection(); appliquer(); }
    });
    champ.addEventListener('input', debounce(rechercher, 150));
    form.addEventListener('submit', function (ev) { ev.preventDefault(); rechercher(); });
    form.addEventListener('reset', function (ev) {
      ev.preventDefault();
      CLES.forEach(function (k) { cases[k].forEach(function (cb) { cb.checked = false; }); });
      champ.value = '';
      lireSelection();
      rechercher();
      champ.focus();
    });
  }

  /* ------------------------------------------------------------------ */

  function demarrer() {
    Array.prototype.forEach.call(doc.querySelectorAll('[data-recherche-entete]'), initEntete);
    var cartes = doc.getElementById('cartes');
    if (cartes) initListe(cartes);
  }
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', demarrer);
  else demarrer();
})();
